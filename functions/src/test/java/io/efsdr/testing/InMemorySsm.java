package io.efsdr.testing;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.PutParameterResponse;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Parameters in memory behind an {@link SsmClient}: GetParameter (ParameterNotFound when absent) and PutParameter only.
 */
public final class InMemorySsm {
    private final Map<String, String> values = new ConcurrentHashMap<>();

    public Map<String, String> values() {
        return values;
    }

    @SuppressWarnings("unchecked")
    public SsmClient client() {
        return (SsmClient) Proxy.newProxyInstance(
                SsmClient.class.getClassLoader(),
                new Class<?>[] {SsmClient.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getParameter" -> {
                        GetParameterRequest request = args[0] instanceof Consumer<?> c
                                ? build(GetParameterRequest.builder(), c)
                                : (GetParameterRequest) args[0];
                        String value = values.get(request.name());
                        if (value == null) {
                            throw ParameterNotFoundException.builder()
                                    .message(request.name())
                                    .build();
                        }
                        yield GetParameterResponse.builder()
                                .parameter(p -> p.name(request.name()).value(value))
                                .build();
                    }
                    case "putParameter" -> {
                        PutParameterRequest request = args[0] instanceof Consumer<?> c
                                ? build(PutParameterRequest.builder(), c)
                                : (PutParameterRequest) args[0];
                        values.put(request.name(), request.value());
                        yield PutParameterResponse.builder().version(1L).build();
                    }
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <R> R build(Object builder, Consumer consumer) {
        consumer.accept(builder);
        return (R) ((SdkBuilder<?, ?>) builder).build();
    }
}

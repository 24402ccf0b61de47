package io.efsdr.config;

import io.efsdr.aws.AwsCalls;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Plain String parameters in one region's Parameter Store, read uncached (a value another run
 * just wrote must be seen) and written with overwrite. The client is taken on first use, so a
 * function that never touches Parameter Store never builds one (a client costs start-up time).
 */
public final class SsmParameters {
    private final Supplier<SsmClient> ssm;
    private final String region;

    public SsmParameters(Supplier<SsmClient> ssm, String region) {
        this.ssm = ssm;
        this.region = region;
    }

    /** The parameter's value, or empty when it does not exist. */
    public Optional<String> get(String name) {
        return AwsCalls.call("SSM GetParameter " + name + " in " + region, () -> {
            try {
                return Optional.ofNullable(
                        ssm.get().getParameter(r -> r.name(name)).parameter().value());
            } catch (ParameterNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    public void put(String name, String value) {
        AwsCalls.call(
                "SSM PutParameter " + name + " in " + region,
                () -> ssm.get()
                        .putParameter(r -> r.name(name)
                                .value(value)
                                .type(ParameterType.STRING)
                                .overwrite(true)));
    }
}

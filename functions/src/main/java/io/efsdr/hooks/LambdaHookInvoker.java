package io.efsdr.hooks;

import java.time.Duration;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Lambda {@code Invoke} with {@code InvocationType=RequestResponse} in the function's own region (the
 * ARN's), the whole call (SDK retries of throttling and transport errors included) bounded by the
 * hook's timeout. A function that raised an error still answers 200, with {@code X-Amz-Function-Error}
 * (AWS Lambda API reference, Invoke).
 */
public final class LambdaHookInvoker implements HookInvoker {
    private final Function<String, LambdaClient> clients;

    /** @param clients the Lambda client of a region */
    public LambdaHookInvoker(Function<String, LambdaClient> clients) {
        this.clients = clients;
    }

    @Override
    public Invocation invoke(String functionArn, String payload, Duration timeout) {
        InvokeRequest request = InvokeRequest.builder()
                .functionName(functionArn)
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .payload(SdkBytes.fromUtf8String(payload))
                .overrideConfiguration(c -> c.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout))
                .build();
        try {
            InvokeResponse response = clients.apply(functionArn.split(":")[3]).invoke(request);
            String answer = response.payload() == null ? "" : response.payload().asUtf8String();
            return new Invocation(Outcome.ANSWERED, response.functionError(), answer);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            return new Invocation(Outcome.TIMED_OUT, null, e.getMessage());
        } catch (SdkException e) {
            return new Invocation(Outcome.ERROR, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}

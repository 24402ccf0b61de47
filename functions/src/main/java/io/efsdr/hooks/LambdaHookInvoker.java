package io.efsdr.hooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.IntFunction;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Lambda {@code Invoke} with {@code InvocationType=RequestResponse} in the function's own region (the
 * ARN's), bounded by the hook's timeout. A function that raised an error still answers 200, with
 * {@code X-Amz-Function-Error} (AWS Lambda API reference, Invoke).
 *
 * <p>One request per call: the client does not retry (see {@code AwsClients#lambda}), because a 5xx,
 * a dropped connection or a timed-out attempt may come after the function ran ("When an error
 * occurs, your function may be invoked multiple times", Invoke), so the outcome of such a call is
 * unknown and the hook is reported failed. The one exception is {@code TooManyRequestsException}
 * (429): Lambda refuses it before the function runs (Invoke, Errors: "The request throughput limit
 * was exceeded"), so it is sent again after a backoff ({@code Retry-After} when Lambda gives one),
 * for as long as the hook's timeout leaves time; every request of the call carries the same
 * idempotency key and its own attempt number.
 */
public final class LambdaHookInvoker implements HookInvoker {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    /** Waits between throttled attempts. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Function<String, LambdaClient> clients;
    private final Clock clock;
    private final Sleeper sleeper;

    /** @param clients the Lambda client of a region, built without retries */
    public LambdaHookInvoker(Function<String, LambdaClient> clients, Clock clock) {
        this(clients, clock, duration -> Thread.sleep(duration.toMillis()));
    }

    LambdaHookInvoker(Function<String, LambdaClient> clients, Clock clock, Sleeper sleeper) {
        this.clients = clients;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public Invocation invoke(String functionArn, IntFunction<String> payload, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        LambdaClient client = clients.apply(functionArn.split(":")[3]);
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.between(clock.instant(), deadline);
            InvokeRequest request = InvokeRequest.builder()
                    .functionName(functionArn)
                    .invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromUtf8String(payload.apply(attempt)))
                    .overrideConfiguration(c -> c.apiCallTimeout(left).apiCallAttemptTimeout(left))
                    .build();
            try {
                InvokeResponse response = client.invoke(request);
                String answer =
                        response.payload() == null ? "" : response.payload().asUtf8String();
                return new Invocation(Outcome.ANSWERED, response.functionError(), answer, attempt);
            } catch (TooManyRequestsException e) {
                Duration wait = max(backoff, retryAfter(e));
                if (!clock.instant().plus(wait).isBefore(deadline)) {
                    return new Invocation(
                            Outcome.ERROR,
                            null,
                            "throttled (TooManyRequestsException) on each of " + attempt
                                    + " attempt(s) within the hook's timeout; the function did not run: "
                                    + e.getMessage(),
                            attempt);
                }
                if (!pause(wait)) {
                    return new Invocation(Outcome.ERROR, null, "interrupted while backing off a throttle", attempt);
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) < 0 ? backoff.multipliedBy(2) : MAX_BACKOFF;
            } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
                return new Invocation(
                        Outcome.TIMED_OUT,
                        null,
                        e.getMessage() + " (not retried: the function may still be running)",
                        attempt);
            } catch (SdkException e) {
                boolean refused = e instanceof AwsServiceException service && service.statusCode() < 500;
                return new Invocation(
                        Outcome.ERROR,
                        null,
                        e.getClass().getSimpleName() + ": " + e.getMessage()
                                + (refused ? "" : " (not retried: the function may have run; its outcome is unknown)"),
                        attempt);
            }
        }
    }

    private boolean pause(Duration wait) {
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lambda's {@code Retry-After} (seconds) on a throttle; zero when absent or not a number. */
    private static Duration retryAfter(TooManyRequestsException e) {
        try {
            return e.retryAfterSeconds() == null
                    ? Duration.ZERO
                    : Duration.ofSeconds(Long.parseLong(e.retryAfterSeconds().trim()));
        } catch (NumberFormatException notANumber) {
            return Duration.ZERO;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}

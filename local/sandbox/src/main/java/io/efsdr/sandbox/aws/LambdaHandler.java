package io.efsdr.sandbox.aws;

import static io.efsdr.sandbox.aws.Operation.Effect.WRITE;
import static io.efsdr.sandbox.aws.Operation.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.sandbox.FaultKind;

/**
 * Lambda {@code Invoke} in its REST-JSON wire format (AWS Lambda API reference, "Invoke"):
 * {@code POST /2015-03-31/functions/{FunctionName}/invocations}, the payload as the body, the
 * function's answer as the response body with status 200. A function that raised an error still
 * answers 200, with the header {@code X-Amz-Function-Error: Unhandled} and an {@code
 * {"errorMessage", "errorType"}} payload; an unknown function is {@code ResourceNotFoundException}
 * (404). Only {@code RequestResponse} invocations are served (the hooks use no other).
 */
final class LambdaHandler extends RestJsonService {
    private static final String PREFIX = "/2015-03-31/functions/";
    private static final String SUFFIX = "/invocations";

    private final LambdaModel model;

    LambdaHandler(LambdaModel model) {
        super(
                "lambda",
                "Lambda",
                null,
                new FaultAnswers(
                        new ServiceError(429, "TooManyRequestsException", "Rate exceeded"),
                        new ServiceError(500, "ServiceException", "Internal error (injected)")));
        this.model = model;
        // A hook may change anything: its invocation counts as a change of the world.
        operations(op(
                "Invoke", WRITE, when("POST", path -> path.startsWith(PREFIX) && path.endsWith(SUFFIX)), this::invoke));
    }

    @Override
    ServiceError unknown(AwsRequest request) {
        return new ServiceError(400, "InvalidRequestContentException", "Unsupported Lambda request");
    }

    private AwsResponse invoke(AwsRequest request) {
        String type = request.header("X-Amz-Invocation-Type");
        if (type != null && !type.equals("RequestResponse")) {
            throw new ServiceError(
                    400, "InvalidParameterValueException", "the stand-in serves RequestResponse only, not " + type);
        }
        String path = request.path();
        String name = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        String arn = model.resolve(request.region(), name)
                .orElseThrow(() -> new ServiceError(404, "ResourceNotFoundException", "Function not found: " + name));
        String payload = request.bodyText();
        if (model.invoke(request.region(), arn, payload)) {
            ObjectNode error = Json.object();
            error.put("errorMessage", "the hook's check failed (sandbox hookFunctions: result fail)");
            error.put("errorType", "HookCheckFailed");
            return Json.restJson(200, error).withHeader("X-Amz-Function-Error", "Unhandled");
        }
        ObjectNode answer = Json.object();
        answer.put("status", "ok");
        answer.put("function", arn);
        return Json.restJson(200, answer);
    }

    /**
     * A throttle ({@code TooManyRequestsException}, 429) is refused before the function runs (AWS
     * Lambda API reference, Invoke, Errors: "The request throughput limit was exceeded"); any other
     * fault (500 {@code ServiceException}, a dropped connection, no answer) is modelled pessimistically
     * as coming after the function ran: the Invoke reference says "When an error occurs, your function
     * may be invoked multiple times", and the caller cannot tell whether it ran.
     */
    @Override
    public boolean faultsAfterServing(String operation, FaultKind kind) {
        return operation.equals("Invoke") && kind != FaultKind.THROTTLING;
    }

    /**
     * Journals an Invoke refused before the function ran (a throttle, 429), with its payload: the
     * drill's judge tells a hook call Lambda refused every time (reported failed, never run) from one
     * that was never sent.
     */
    @Override
    public void refused(AwsRequest request, String operation, int status) {
        if (!operation.equals("Invoke")) {
            return;
        }
        String path = request.path();
        String name = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        model.resolve(request.region(), name)
                .ifPresent(arn -> model.refuse(request.region(), arn, request.bodyText(), status));
    }
}

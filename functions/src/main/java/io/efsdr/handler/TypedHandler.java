package io.efsdr.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.efsdr.config.Json;
import io.efsdr.error.Causes;
import io.efsdr.error.InvalidInputException;
import io.efsdr.plan.RunContext;
import io.efsdr.plan.RunScoped;
import io.efsdr.plan.StepResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.stream.Collectors;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Reads the event into a typed request, runs the step, writes the typed result. Malformed or
 * mistyped input fails as {@link InvalidInputException} with the JSON path of the field, before
 * the step runs. The execution name becomes the log correlation id.
 *
 * <p>Every handler registers itself as a CRaC resource: before a SnapStart snapshot is taken it
 * runs {@link Priming} on its request type, so the restored function starts with JSON mapping,
 * signing and the HTTP clients already loaded. Priming calls nothing and mints nothing.
 */
public abstract class TypedHandler<I, O> implements RequestStreamHandler, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(TypedHandler.class);
    private final Class<I> requestType;

    protected TypedHandler(Class<I> requestType) {
        this.requestType = requestType;
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming.prime(requestType);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: tokens, clocks and ids are made per invocation.
    }

    /** The step itself: one call into the domain. */
    protected abstract O handle(I request);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        I request = read(input);
        O result = PowertoolsLogging.withLogging(context, () -> {
            RunContext run = runOf(request);
            if (run != null) {
                MDC.put("correlation_id", run.executionName());
            }
            try {
                O value = handle(request);
                LOG.info("{} finished: {}", getClass().getSimpleName(), summaryOf(value));
                return value;
            } finally {
                MDC.remove("correlation_id");
            }
        });
        Json.MAPPER.writeValue(output, result);
    }

    private I read(InputStream input) throws IOException {
        try {
            return Json.MAPPER.readValue(input, requestType);
        } catch (JsonMappingException e) {
            Optional<InvalidInputException> cause = Causes.find(e, InvalidInputException.class);
            if (cause.isPresent()) {
                throw cause.get();
            }
            if (e.getCause() instanceof JsonParseException syntax) {
                throw notJson(syntax, path(e));
            }
            throw new InvalidInputException("input" + path(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw notJson(e, "");
        }
    }

    /** A syntax error is reported as such even when Jackson met it inside a field. */
    private static InvalidInputException notJson(JsonProcessingException e, String path) {
        String where = e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + (path.isEmpty() ? "" : ", in input" + path) + ")";
        return new InvalidInputException("input: not valid JSON" + where + ": " + e.getOriginalMessage());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
    }

    private static RunContext runOf(Object request) {
        if (request instanceof RunScoped carrier) {
            return carrier.run();
        }
        return null;
    }

    private static String summaryOf(Object value) {
        if (value instanceof StepResult step) {
            return step.summary();
        }
        return String.valueOf(value);
    }
}

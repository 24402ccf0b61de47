package io.efsdr.plan;

import io.efsdr.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem in a document, each naming its field, and reports them together. */
final class Problems {
    static final int MAX_LISTED = 25;
    private final List<String> messages = new ArrayList<>();

    void add(String field, String message) {
        messages.add(field + ": " + message);
    }

    /**
     * Throws when anything was found; the message lists the first {@value #MAX_LISTED} problems and
     * counts the rest, so the error still fits a Step Functions cause and an SNS message.
     */
    void throwIfAny(String what) {
        if (messages.isEmpty()) {
            return;
        }
        String listed = String.join("; ", messages.subList(0, Math.min(MAX_LISTED, messages.size())));
        String rest = messages.size() > MAX_LISTED ? "; and " + (messages.size() - MAX_LISTED) + " more problems" : "";
        throw new InvalidInputException(what + " is invalid: " + listed + rest);
    }
}

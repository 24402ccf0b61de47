package io.efsdr.plan;

import io.efsdr.error.InvalidPlanException;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem in a document, each naming its field, and reports them together. */
final class Problems {
  private final List<String> messages = new ArrayList<>();

  void add(String field, String message) {
    messages.add(field + ": " + message);
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  List<String> messages() {
    return List.copyOf(messages);
  }

  /** Throws when anything was found; the message lists every problem. */
  void throwIfAny(String what) {
    if (!messages.isEmpty()) {
      throw new InvalidPlanException(what + " is invalid: " + String.join("; ", messages));
    }
  }
}

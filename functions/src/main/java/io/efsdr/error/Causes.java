package io.efsdr.error;

import java.util.Optional;

/** Looks through an exception's cause chain. */
public final class Causes {
    private Causes() {}

    /** The first exception of {@code type} in the chain that starts at {@code e}, itself included. */
    public static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}

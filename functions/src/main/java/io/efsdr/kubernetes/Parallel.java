package io.efsdr.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/** Runs one call per item with at most {@code limit} in flight, results in item order. */
public final class Parallel {
    private Parallel() {}

    /**
     * Applies {@code call} to every item. Every item is attempted even when some fail; then the
     * first failure (in item order) is thrown.
     */
    public static <T, R> List<R> map(List<T> items, int limit, Function<T, R> call) {
        if (items.size() <= 1 || limit <= 1) {
            List<R> results = new ArrayList<>();
            RuntimeException first = null;
            for (T item : items) {
                try {
                    results.add(call.apply(item));
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
            return results;
        }
        Semaphore permits = new Semaphore(limit);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return call.apply(item);
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<R> results = new ArrayList<>();
            RuntimeException first = null;
            for (Future<R> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    RuntimeException cause =
                            e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    first = first == null ? cause : first;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            if (first != null) {
                throw first;
            }
            return results;
        }
    }
}

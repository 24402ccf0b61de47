package io.efsdr.sandbox.aws;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Thread-safe, append-only record of every call the stand-in received, in arrival order. */
public final class CallJournal {
    private final List<AwsCall> calls = new CopyOnWriteArrayList<>();

    void record(AwsCall call) {
        calls.add(call);
    }

    /** Every call so far. */
    public List<AwsCall> all() {
        return List.copyOf(calls);
    }

    /** Calls of one service and operation. */
    public List<AwsCall> of(String service, String operation) {
        return calls.stream()
                .filter(c -> c.service().equals(service) && c.operation().equals(operation))
                .toList();
    }

    /** How many calls of one service and operation were received. */
    public int count(String service, String operation) {
        return of(service, operation).size();
    }

    /** Every mutating call attempted, answered or not. */
    public List<AwsCall> mutating() {
        return calls.stream().filter(AwsCall::mutating).toList();
    }

    /** Mutating calls that were answered with a 2xx status. */
    public List<AwsCall> successfulMutations() {
        return calls.stream().filter(c -> c.mutating() && c.succeeded()).toList();
    }

    /** Forgets every call recorded so far. */
    public void clear() {
        calls.clear();
    }
}

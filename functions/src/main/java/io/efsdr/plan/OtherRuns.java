package io.efsdr.plan;

import java.util.List;

/** The DR executions (failover or failback) running now, other than the named one. */
public interface OtherRuns {
    List<String> runningBesides(String executionName);
}

package io.efsdr.kubernetes;

/**
 * One workload's replicas as the API server reports them.
 *
 * @param podsLeft for a wait for zero: the workload's pods that still exist, terminating ones
 *     included (they keep running, and writing, through their grace period)
 */
public record WorkloadReadiness(
        String workload, int desired, int replicas, int readyReplicas, boolean ready, int podsLeft) {
    public WorkloadReadiness(String workload, int desired, int replicas, int readyReplicas, boolean ready) {
        this(workload, desired, replicas, readyReplicas, ready, 0);
    }
}

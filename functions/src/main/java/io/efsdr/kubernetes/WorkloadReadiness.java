package io.efsdr.kubernetes;

/**
 * One workload's replicas as the API server reports them.
 *
 * @param podsLeft for a wait for zero: the workload's pods that may still write, terminating ones
 *     (they keep running through their grace period) and ones in phase Unknown included, ended ones
 *     (phase Failed or Succeeded) left out ({@link PodActivity})
 */
public record WorkloadReadiness(
        String workload, int desired, int replicas, int readyReplicas, boolean ready, int podsLeft) {
    public WorkloadReadiness(String workload, int desired, int replicas, int readyReplicas, boolean ready) {
        this(workload, desired, replicas, readyReplicas, ready, 0);
    }
}

package io.efsdr.plan;

import io.efsdr.error.InvalidInputException;
import java.util.Comparator;
import java.util.List;

/**
 * The order a step takes a run's workloads in, wave by wave: starting (to active or standby
 * replicas) in ascending wave order, stopping (to zero) in descending order, so what starts first
 * stops last. A step is given a position in that order, not a wave number, so the state machine
 * loops by counting: {@link Wave#next()} is the position to take next, null after the last.
 */
public final class Waves {
    /** The highest wave a plan or an annotation may name. */
    public static final int MAX_WAVE = 100;

    private Waves() {}

    /**
     * One wave of a step.
     *
     * @param number the wave's number as the plan gives it; 0 when the step takes every workload at once
     * @param workloads the workloads of this wave, to act on
     * @param sofar the workloads of this wave and of the waves taken before it, to check: a wave
     *     counts as ready or stopped only while the waves before it still are
     * @param next the position of the next wave, or null when this is the last
     */
    public record Wave(int number, List<Workload> workloads, List<Workload> sofar, Integer next) {}

    /** The distinct wave numbers of {@code workloads}, in the order a step to {@code level} takes them. */
    public static List<Integer> order(List<Workload> workloads, ReplicaLevel level) {
        Comparator<Integer> order = level == ReplicaLevel.ZERO ? Comparator.reverseOrder() : Comparator.naturalOrder();
        return workloads.stream().map(Workload::wave).distinct().sorted(order).toList();
    }

    /** How many waves {@code workloads} fall into (1 for a plan that names none). */
    public static int count(List<Workload> workloads) {
        return Math.max(
                1, (int) workloads.stream().map(Workload::wave).distinct().count());
    }

    /** {@link #at(List, ReplicaLevel, Integer)} at the step's position; null takes every workload. */
    public static Wave at(List<Workload> workloads, ReplicaLevel level, WaveStep step) {
        return at(workloads, level, step == null ? null : step.position());
    }

    /**
     * The wave at {@code position} of the order for {@code level}; a null position takes every
     * workload at once (the steps that do not go wave by wave).
     */
    public static Wave at(List<Workload> workloads, ReplicaLevel level, Integer position) {
        if (position == null) {
            return new Wave(0, workloads, workloads, null);
        }
        List<Integer> order = order(workloads, level);
        if (position < 0 || position >= Math.max(1, order.size())) {
            throw new InvalidInputException("wave: position " + position + " is outside the run's " + order.size()
                    + " waves " + order + " (0 is the first)");
        }
        if (order.isEmpty()) {
            return new Wave(Workload.DEFAULT_WAVE, workloads, workloads, null);
        }
        int number = order.get(position);
        List<Integer> taken = order.subList(0, position + 1);
        return new Wave(
                number,
                workloads.stream().filter(w -> w.wave() == number).toList(),
                workloads.stream().filter(w -> taken.contains(w.wave())).toList(),
                position + 1 < order.size() ? position + 1 : null);
    }
}

package io.efsdr.guard;

/**
 * The schedule that runs the split-brain guard: enabled by the failover when a fence becomes
 * pending, disabled by the guard when it is done, so it costs nothing otherwise.
 */
public interface GuardSchedule {
    void enable();

    void disable();
}

package io.efsdr.drill.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties every generated world must hold (issue 21), judged only from what the sandbox
 * recorded ({@link RunFacts}), never from a handler's result.
 */
public final class Judge {
    public static final List<String> PROPERTIES = List.of("P1", "P2", "P3", "P4", "P5");

    private Judge() {}

    /** A property's verdict: passed, failed (with why), or not applicable to this world. */
    public record Verdict(String property, Boolean passed, String detail) {}

    public static Map<String, Verdict> judge(RunFacts f) {
        Map<String, Verdict> v = new LinkedHashMap<>();
        v.put("P1", p1(f));
        v.put("P2", p2(f));
        v.put("P3", p3(f));
        v.put("P4", p4(f));
        v.put("P5", p5(f));
        return v;
    }

    /**
     * P1: the reported window covers the lost writes made before the promotion (1 s slack), and is
     * never proven with loss. Writes made on the old side after the other was promoted are
     * split-brain writes, judged by P2.
     */
    static Verdict p1(RunFacts f) {
        if (f.reportedProven() && f.lostWriteSeconds() > 0) {
            return fail(
                    "P1", "the window was reported proven, but the ground truth lost " + f.lostWriteSeconds() + " s");
        }
        if (f.lostWriteSeconds() > 1) {
            if (f.reportedWindowSeconds() == null) {
                return fail(
                        "P1", "no data-loss window reported, but the ground truth lost " + f.lostWriteSeconds() + " s");
            }
            if (f.reportedWindowSeconds() < f.lostWriteSeconds() - 1) {
                return fail(
                        "P1",
                        "reported window " + f.reportedWindowSeconds() + " s < ground truth " + f.lostWriteSeconds()
                                + " s - 1");
            }
        }
        return pass("P1");
    }

    /**
     * P2: no split brain, unless the primary region returned; then a bounded one. The same holds for
     * split-brain writes (lost writes made on one file system after the other was promoted, which
     * P1 leaves out: no data-loss window can cover them), with P1's 1 s slack; and when there were
     * any, the split-brain guard reported them: its fence record says the old primary may have
     * written that long after DR's promotion (at least the truth's seconds - 1), or, with the fence
     * still pending at the end, that they may still go on.
     */
    static Verdict p2(RunFacts f) {
        if (!f.primaryReturned() && f.splitBrainSeconds() > 0) {
            return fail("P2", "split brain " + f.splitBrainSeconds() + " s, and the primary region never returned");
        }
        if (!f.primaryReturned() && f.splitBrainLostWriteSeconds() > 1) {
            return fail(
                    "P2",
                    "split-brain writes lost " + f.splitBrainLostWriteSeconds()
                            + " s (made after the other side's promotion), and the primary region never returned");
        }
        if (f.primaryReturned() && f.splitBrainSeconds() > f.splitBrainBoundSeconds()) {
            return fail(
                    "P2",
                    "split brain " + f.splitBrainSeconds() + " s after the primary returned, over the bound "
                            + f.splitBrainBoundSeconds()
                            + " s (guard interval + termination grace + fence propagation)");
        }
        if (f.primaryReturned() && f.splitBrainLostWriteSeconds() > f.splitBrainBoundSeconds()) {
            return fail(
                    "P2",
                    "split-brain writes lost " + f.splitBrainLostWriteSeconds() + " s after the primary returned,"
                            + " over the bound " + f.splitBrainBoundSeconds()
                            + " s (guard interval + termination grace + fence propagation)");
        }
        if (f.splitBrainLostWriteSeconds() > 1
                && !f.guardReportsOngoing()
                && (f.guardReportedSplitBrainSeconds() == null
                        || f.guardReportedSplitBrainSeconds() < f.splitBrainLostWriteSeconds() - 1)) {
            return fail(
                    "P2",
                    "split-brain writes lost " + f.splitBrainLostWriteSeconds() + " s, but the split-brain guard "
                            + (f.guardReportedSplitBrainSeconds() == null
                                    ? "reported none"
                                    : "reported only " + f.guardReportedSplitBrainSeconds() + " s"));
        }
        return pass("P2");
    }

    /** P3: every execution ends SUCCEEDED or FAILED, within the plan's longest run. */
    static Verdict p3(RunFacts f) {
        for (String status : f.statuses()) {
            if (!status.equals("SUCCEEDED") && !status.equals("FAILED")) {
                return fail("P3", "an execution ended " + status);
            }
        }
        if (f.runSeconds() > f.boundSeconds()) {
            return fail(
                    "P3",
                    "the run took " + f.runSeconds() + " sandbox s, over the plan's longest run " + f.boundSeconds()
                            + " s");
        }
        return pass("P3");
    }

    /** P4: a failed run redriven with its faults gone ends as the world without faults does. */
    static Verdict p4(RunFacts f) {
        if (!f.redriven() || f.reference() == null) {
            return new Verdict("P4", null, "no failed run to redrive");
        }
        List<String> diff = f.after().differences(f.reference());
        return diff.isEmpty()
                ? pass("P4")
                : fail("P4", "after the redrive vs the world without faults: " + String.join("; ", diff));
    }

    /** P5: a dry run changes nothing; a run makes only documented changes, to the plan's resources. */
    static Verdict p5(RunFacts f) {
        List<String> problems = new ArrayList<>();
        if (f.dryRun()) {
            List<String> diff = f.before().differences(f.after());
            if (!diff.isEmpty()) {
                problems.add("a dry run changed the world: " + String.join("; ", diff));
            }
            f.changes().stream()
                    .filter(c -> !DRY_RUN_CHANGES.stream().anyMatch(c::startsWith))
                    .forEach(c -> problems.add("a dry run made the change " + c));
        }
        f.undocumentedChanges().forEach(c -> problems.add("undocumented change " + c));
        return problems.isEmpty() ? pass("P5") : fail("P5", String.join("; ", problems));
    }

    /** What a dry run may still do: notify, write its audit record, answer its approvals. */
    static final List<String> DRY_RUN_CHANGES = List.of("sns:Publish", "s3:PutObject", "states:");

    private static Verdict pass(String p) {
        return new Verdict(p, true, null);
    }

    private static Verdict fail(String p, String detail) {
        return new Verdict(p, false, detail);
    }
}

package io.efsdr.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.plan.DrPlan;
import io.efsdr.plan.RunContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes notifications for a person on call: the subject says what happened; the body starts
 * with the outcome, then the numbers, the timeline, what was skipped or repaired, what to do next,
 * and ends with a JSON block for machines.
 */
public final class NotificationComposer {
  /** Readable names of the step result keys, in workflow order. */
  static final Map<String, String> STEP_NAMES = new LinkedHashMap<>();

  static {
    STEP_NAMES.put("assess", "Assess Replication");
    STEP_NAMES.put("fence", "Fence Primary Region");
    STEP_NAMES.put("promote", "Promote DR File System");
    STEP_NAMES.put("promotion", "Wait Until Promoted");
    STEP_NAMES.put("storageClass", "Ensure DR StorageClass");
    STEP_NAMES.put("preflight", "Preflight DR Volumes");
    STEP_NAMES.put("scale", "Scale DR Workloads");
    STEP_NAMES.put("readiness", "Wait Until Ready");
    STEP_NAMES.put("preconditions", "Check Failback Preconditions");
    STEP_NAMES.put("cleanup", "Clean Up Stale Replication");
    STEP_NAMES.put("stopPrimary", "Stop Primary Workloads");
    STEP_NAMES.put("primaryStopped", "Wait Until Primary Stopped");
    STEP_NAMES.put("reverse", "Replicate DR To Primary");
    STEP_NAMES.put("initialSync", "Wait For Initial Sync");
    STEP_NAMES.put("stopDr", "Stop DR Workloads");
    STEP_NAMES.put("quiesce", "Wait Until DR Stopped");
    STEP_NAMES.put("finalSync", "Wait For Final Sync");
    STEP_NAMES.put("reprotect", "Replicate Primary To DR");
    STEP_NAMES.put("reprotected", "Wait For DR Replication");
    STEP_NAMES.put("standby", "Return DR To Standby");
    STEP_NAMES.put("standbyReady", "Wait For DR Standby");
    STEP_NAMES.put("resumeDr", "Resume DR Workloads");
    STEP_NAMES.put("resumePrimary", "Resume Primary Workloads");
    STEP_NAMES.put("activeRegion", "Record Active Region");
    STEP_NAMES.put("drStorageClass", "Ensure DR StorageClass");
  }

  private final Clock clock;

  public NotificationComposer(Clock clock) {
    this.clock = clock;
  }

  /**
   * The figures a finished run reports. The data-loss window is the promotion's measurement once
   * the promote step ran (from the last sync to the writers' stop, proven 0 by a later sync), and
   * the assessment's estimate before.
   *
   * @param mode graceful or ungraceful, as the promotion ran; null before it
   */
  public record Figures(Long rtoSeconds, Long dataLossWindowSeconds, Instant lastReplicatedAt, Long writeStopSeconds,
      String mode, boolean dataLossProven) {
    public Figures(Long rtoSeconds, Long dataLossWindowSeconds, Instant lastReplicatedAt) {
      this(rtoSeconds, dataLossWindowSeconds, lastReplicatedAt, null, null, false);
    }
  }

  public Figures figures(NotifyRequest request) {
    JsonNode assess = step(request, "assess");
    JsonNode promote = step(request, "promote");
    boolean measured = promote != null && promote.hasNonNull("mode") && !promote.path("action").asText().equals("ALREADY_PROMOTED");
    JsonNode source = measured ? promote : assess;
    Long window = source != null && source.hasNonNull("dataLossWindowSeconds") ? source.get("dataLossWindowSeconds").asLong() : null;
    Instant lastSync = source != null && source.hasNonNull("lastReplicatedAt") ? Instant.parse(source.get("lastReplicatedAt").asText()) : null;
    String mode = measured ? promote.get("mode").asText() : null;
    boolean proven = measured && promote.path("dataLossProven").asBoolean(false);
    JsonNode readiness = step(request, "readiness");
    Long rto = null;
    if (readiness != null && readiness.path("ready").asBoolean(false) && request.run().startedAt() != null) {
      rto = Duration.between(request.run().startedAt(), Instant.parse(readiness.get("finishedAt").asText())).toSeconds();
    }
    JsonNode stopDr = step(request, "stopDr");
    Long writeStop = null;
    if (rto != null && stopDr != null && stopDr.hasNonNull("startedAt")) {
      writeStop = Duration.between(Instant.parse(stopDr.get("startedAt").asText()),
          Instant.parse(readiness.get("finishedAt").asText())).toSeconds();
    }
    return new Figures(rto, window, lastSync, writeStop, mode, proven);
  }

  /** How long each step that says when it started and finished took, in seconds, in step order. */
  public static Map<String, Double> stepSeconds(Map<String, JsonNode> steps) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    if (steps != null) {
      steps.forEach((key, step) -> {
        if (step.hasNonNull("startedAt") && step.hasNonNull("finishedAt")) {
          seconds.put(key, Duration.between(Instant.parse(step.get("startedAt").asText()),
              Instant.parse(step.get("finishedAt").asText())).toMillis() / 1000.0);
        }
      });
    }
    return seconds;
  }

  private static boolean isFailback(NotifyRequest request) {
    return "failback".equals(request.run().workflow());
  }

  /** Where the application runs once this workflow succeeds. */
  private static io.efsdr.plan.Site destination(NotifyRequest request) {
    return isFailback(request) ? request.plan().primary() : request.plan().dr();
  }

  private static io.efsdr.plan.Site origin(NotifyRequest request) {
    return isFailback(request) ? request.plan().dr() : request.plan().primary();
  }

  public Notification compose(NotifyRequest request) {
    return request.plan() == null || request.run() == null ? rejected(request) : compose(request, figures(request));
  }

  /** As {@link #compose(NotifyRequest)}, with the run's figures already worked out. */
  public Notification compose(NotifyRequest request, Figures figures) {
    if (request.plan() == null || request.run() == null) {
      return rejected(request);
    }
    RunContext run = request.run();
    DrPlan plan = request.plan();
    String workflow = run.workflow().toUpperCase(Locale.ROOT);
    String event = request.event().toUpperCase(Locale.ROOT);
    String dry = run.dryRun() ? "[DRY RUN] " : "";
    String from = origin(request).region();
    String to = destination(request).region();
    String subject = switch (event) {
      case "STARTED" -> dry + "DR " + workflow + " started: " + plan.application() + " " + from + " -> " + to;
      case "COMPLETE" -> dry + "DR " + workflow + " complete: " + plan.application() + " runs in " + to
          + (figures.rtoSeconds() == null ? "" : " (RTO " + figures.rtoSeconds() + " s)");
      case "NOT_APPROVED" -> dry + "DR " + workflow + " NOT APPROVED: nothing promoted, " + plan.application() + " stays in " + from;
      case "TIMED_OUT" -> dry + "DR " + workflow + " TIMED OUT at " + nullToUnknown(request.failedState()) + ": " + plan.application();
      case "ABORTED" -> dry + "DR " + workflow + " ABORTED at " + nullToUnknown(request.failedState()) + ": " + plan.application();
      default -> dry + "DR " + workflow + " FAILED at " + nullToUnknown(request.failedState()) + ": " + plan.application();
    };
    StringBuilder body = new StringBuilder();
    body.append(outcome(request, event, figures)).append("\n\n");
    body.append("Numbers\n");
    body.append("  Execution: ").append(run.executionName()).append(" (").append(run.workflow()).append(", ")
        .append(run.dryRun() ? "dry run: nothing was changed" : "live").append(")\n");
    body.append("  Reason: ").append(run.reason()).append("\n");
    body.append("  Started: ").append(run.startedAt()).append("\n");
    if (figures.rtoSeconds() != null) {
      body.append("  RTO (start to workloads ready): ").append(figures.rtoSeconds()).append(" s\n");
      if (figures.writeStopSeconds() != null) {
        body.append("  Writes stopped (DR writers stopped to primary ready): ").append(figures.writeStopSeconds()).append(" s\n");
      }
    } else if (!event.equals("STARTED")) {
      body.append("  Elapsed: ").append(Duration.between(run.startedAt(), clock.instant()).toSeconds()).append(" s\n");
    }
    if (isFailback(request)) {
      body.append("  Data-loss window: none: the primary is promoted only after a sync later than the DR writers' stop\n");
    } else {
      if (figures.mode() != null) {
        body.append("  Mode: ").append(figures.mode()).append(figures.mode().equals("graceful")
            ? " (the primary's writers were stopped, then a final sync was awaited)"
            : " (promoted without a final sync past the writers' stop)").append("\n");
      }
      body.append("  Data-loss window: ").append(windowText(figures, plan)).append("\n");
    }
    List<String> noData = noDataInDr(request);
    if (!noData.isEmpty()) {
      body.append("\n").append(noData.getFirst()).append("\n");
      noData.stream().skip(1).forEach(line -> body.append("  - ").append(line).append("\n"));
    }
    List<String> timeline = timeline(request);
    if (!timeline.isEmpty()) {
      body.append("\nTimeline\n");
      timeline.forEach(line -> body.append("  ").append(line).append("\n"));
    }
    List<String> attention = attention(request);
    if (!attention.isEmpty()) {
      body.append("\nSkipped, repaired or needing attention\n");
      attention.forEach(line -> body.append("  - ").append(line).append("\n"));
    }
    body.append("\nWhat to do next\n");
    nextSteps(request, event).forEach(line -> body.append("  - ").append(line).append("\n"));
    body.append("\nMachine-readable\n").append(machineBlock(request, event, figures)).append("\n");
    return new Notification(subject, body.toString());
  }

  /** A run that never got a valid plan: nothing was changed, the error says what to fix. */
  private Notification rejected(NotifyRequest request) {
    String workflow = request.run() != null ? request.run().workflow() : request.workflow();
    String execution = request.run() != null ? request.run().executionName() : request.executionName();
    String subject = "DR " + workflow.toUpperCase(Locale.ROOT) + " FAILED at " + nullToUnknown(request.failedState())
        + ": nothing was changed";
    String body = "Outcome: " + workflow + " execution " + execution + " stopped at \"" + nullToUnknown(request.failedState())
        + "\" before changing anything: " + errorMessage(request) + "\n\n"
        + "What to do next\n"
        + "  - Correct the plan parameter or the execution input as the error says (every problem names its field).\n"
        + "  - Then start the workflow again. If a region is down now, this is urgent: no failover has happened.\n";
    return new Notification(subject, body);
  }

  private String outcome(NotifyRequest request, String event, Figures figures) {
    DrPlan plan = request.plan();
    String workflow = request.run().workflow();
    return switch (event) {
      case "STARTED" -> "Outcome: " + workflow + " of " + plan.application() + " from " + origin(request).region() + " to "
          + destination(request).region() + " has started."
          + (isFailback(request)
              ? " Expect a write stop: from when the DR workloads are stopped until the primary's are ready."
              : " The data-loss window is " + windowText(figures, plan) + ".");
      case "COMPLETE" -> request.run().dryRun()
          ? "Outcome: the dry run of " + workflow + " finished; every step below says what it would do. Nothing was changed."
          : isFailback(request)
              ? "Outcome: " + plan.application() + " runs in " + plan.primary().region() + " again on " + plan.primary().fileSystemId()
                  + ", replicated to " + plan.dr().fileSystemId() + " in " + plan.dr().region() + "; the DR workloads are back at standby."
              : "Outcome: " + plan.application() + " now runs in " + plan.dr().region() + " on " + plan.dr().fileSystemId()
                  + ", which is writable. The primary region " + plan.primary().region() + " is no longer replicated to.";
      case "NOT_APPROVED" -> "Outcome: the " + workflow + " waited for approval and was "
          + ("States.Timeout".equals(request.error() == null ? null : request.error().error())
              ? "not answered in time" : "rejected (" + errorMessage(request) + ")")
          + ": it ended without promoting. " + (isFailback(request)
              ? "The DR workloads were scaled back up: the application serves from " + plan.dr().region() + " again."
              : "Nothing was changed: " + plan.application() + " stays in " + plan.primary().region() + ".");
      default -> "Outcome: " + workflow + " " + event.replace("_", " ") + " at \"" + nullToUnknown(request.failedState()) + "\": " + errorMessage(request)
          + (promoted(request) ? "\nThe " + (isFailback(request) ? "primary" : "DR") + " file system "
              + destination(request).fileSystemId() + " IS ALREADY PROMOTED (writable); the workloads are not confirmed up." : "")
          + (writesStopped(request) ? "\nWRITES ARE STOPPED: the DR workloads are at zero and the primary is not serving yet." : "");
    };
  }

  private static String windowText(Figures figures, DrPlan plan) {
    if (figures.dataLossProven()) {
      return "0 s, proven: the last sync (" + figures.lastReplicatedAt() + ") is later than the moment the primary's last pod was gone";
    }
    if (figures.dataLossWindowSeconds() == null) {
      return "not measured (no completed sync was recorded)";
    }
    return figures.dataLossWindowSeconds() + " s: changes made on the primary after " + figures.lastReplicatedAt()
        + " may be lost (RPO " + plan.rpoSeconds() + " s, " + (figures.dataLossWindowSeconds() <= plan.rpoSeconds() ? "met" : "EXCEEDED") + ")";
  }

  private List<String> timeline(NotifyRequest request) {
    if (request.steps() == null) {
      return List.of();
    }
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(request.steps().entrySet());
    entries.removeIf(e -> !e.getValue().hasNonNull("startedAt"));
    entries.sort(Comparator.comparing(e -> Instant.parse(e.getValue().get("startedAt").asText())));
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : entries) {
      JsonNode step = entry.getValue();
      Instant started = Instant.parse(step.get("startedAt").asText());
      Instant finished = step.hasNonNull("finishedAt") ? Instant.parse(step.get("finishedAt").asText()) : started;
      long offset = Duration.between(request.run().startedAt(), started).toSeconds();
      double seconds = Duration.between(started, finished).toMillis() / 1000.0;
      lines.add(String.format(Locale.ROOT, "+%4d s  %-24s %7.1f s  %s", offset,
          STEP_NAMES.getOrDefault(entry.getKey(), entry.getKey()), seconds, step.path("summary").asText("")));
    }
    return lines;
  }

  private static List<String> attention(NotifyRequest request) {
    List<String> lines = new ArrayList<>();
    JsonNode fence = step(request, "fence");
    if (fence != null && "SKIPPED_UNREACHABLE".equals(fence.path("outcome").asText())) {
      lines.add(fence.path("summary").asText());
    }
    JsonNode promote = step(request, "promote");
    if (promote != null && "DELETED_LOCAL_ONLY".equals(promote.path("action").asText())) {
      lines.add(promote.path("summary").asText());
    }
    JsonNode promotionWait = step(request, "promotion");
    if (promotionWait != null && promotionWait.hasNonNull("localDeletionAt")) {
      lines.add("the deletion of the replication stayed DELETING while the other region did not answer, so only this side was "
          + "deleted (LOCAL_CONFIGURATION_ONLY); the other region's record remains and failback deletes it first");
    }
    JsonNode finalSync = step(request, "finalSync");
    if (finalSync != null && finalSync.path("gaveUp").asBoolean(false)) {
      lines.add(finalSync.path("summary").asText());
    }
    JsonNode storageClass = step(request, "storageClass");
    if (storageClass != null && storageClass.path("action").asText().contains("RECREATED")) {
      lines.add(storageClass.path("summary").asText());
    }
    JsonNode preflight = step(request, "preflight");
    if (preflight != null && !preflight.path("ok").asBoolean(true)) {
      lines.add(preflight.path("summary").asText());
    }
    JsonNode cleanup = step(request, "cleanup");
    if (cleanup != null && "DELETED_STALE".equals(cleanup.path("action").asText())) {
      lines.add(cleanup.path("summary").asText());
    }
    JsonNode stopPrimary = step(request, "stopPrimary");
    if (stopPrimary != null && stopPrimary.path("scaled").asInt(0) > 0 && !request.run().dryRun()) {
      lines.add("the primary's workloads were found running and were scaled down first; anything they wrote while the DR side "
          + "was active is replaced by the DR data: " + stopPrimary.path("summary").asText());
    }
    JsonNode assess = step(request, "assess");
    if (assess != null && !assess.path("withinRpo").asBoolean(true)) {
      lines.add("the data-loss window exceeded the plan's RPO: " + assess.path("summary").asText());
    }
    JsonNode promotion = step(request, "promotion");
    if (promotion != null && promotion.path("promoted").asBoolean(false) && promotion.hasNonNull("lostAndFound")) {
      lines.add("look for " + promotion.get("lostAndFound").asText() + " in the root of " + destination(request).fileSystemId());
    }
    return lines;
  }

  /**
   * The claims the volume preflight found created after the last sync: a heading ("No data in
   * DR: ...") and one line per claim; empty when there are none.
   */
  private static List<String> noDataInDr(NotifyRequest request) {
    JsonNode preflight = step(request, "preflight");
    if (preflight == null || preflight.path("newClaims").isEmpty()) {
      return List.of();
    }
    JsonNode listed = preflight.get("newClaims");
    int count = Math.max(preflight.path("newClaimCount").asInt(0), listed.size());
    List<String> lines = new ArrayList<>();
    lines.add("No data in DR: " + count + " claim(s) were created after the last completed sync, so their volumes in "
        + request.plan().dr().region() + " hold nothing written on the primary; restore them from a backup if needed");
    for (JsonNode claim : listed) {
      lines.add(claim.path("claim").asText() + " (created " + claim.path("createdAt").asText() + ", "
          + claim.path("ageSeconds").asLong() + " s old at the preflight)");
    }
    if (count > listed.size()) {
      lines.add("and " + (count - listed.size()) + " more");
    }
    return lines;
  }

  private static List<String> nextSteps(NotifyRequest request, String event) {
    List<String> lines = new ArrayList<>();
    switch (event) {
      case "NOT_APPROVED" -> lines.add("If the " + request.run().workflow() + " is still needed, start it again (by hand, "
          + "or it starts at the next alarm state change once approved in time).");
      case "STARTED" -> lines.add("Watch the execution " + request.run().executionName()
          + " in the Step Functions console; a completion or failure notice follows.");
      case "COMPLETE" -> {
        if (request.run().dryRun()) {
          lines.add("Fix anything listed above before a real failover; then this plan is ready.");
        } else if (isFailback(request)) {
          lines.add("Point clients back at " + request.plan().primary().region() + " if DNS or routing does not do it for you.");
          lines.add("The plan is protected again: a new failover can run when needed.");
        } else {
          lines.add("Point clients at " + request.plan().dr().region() + " if DNS or routing does not do it for you.");
          lines.add("When " + request.plan().primary().region() + " is healthy again, run the failback workflow by hand.");
        }
      }
      default -> {
        lines.add("Read the error above and fix its cause (permissions, an unreachable API, a wrong plan value).");
        lines.add("Then redrive the failed execution from the Step Functions console, or start a new one with the same input: "
            + "every step is idempotent and resumes from where the world is.");
        if (writesStopped(request)) {
          lines.add("The application is down until this is resolved: redrive soon, or, to serve from DR meanwhile, scale the DR "
              + "workloads back to their active replicas (the DR file system is still writable until the primary is promoted).");
        } else if (promoted(request)) {
          lines.add(isFailback(request)
              ? "The primary file system is writable now: do not start the DR workloads above their standby replicas."
              : "The DR file system is writable now: do not start the old primary's workloads.");
        }
      }
    }
    return lines;
  }

  private String machineBlock(NotifyRequest request, String event, Figures figures) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("workflow", request.run().workflow());
    node.put("event", event);
    node.put("execution", request.run().executionName());
    node.put("dryRun", request.run().dryRun());
    node.put("primaryRegion", request.plan().primary().region());
    node.put("drRegion", request.plan().dr().region());
    if (figures.rtoSeconds() != null) {
      node.put("rtoSeconds", figures.rtoSeconds());
    }
    if (figures.dataLossWindowSeconds() != null) {
      node.put("dataLossWindowSeconds", figures.dataLossWindowSeconds());
    }
    if (figures.mode() != null) {
      node.put("mode", figures.mode());
      node.put("dataLossProven", figures.dataLossProven());
    }
    if (figures.writeStopSeconds() != null) {
      node.put("writeStopSeconds", figures.writeStopSeconds());
    }
    if (request.failedState() != null) {
      node.put("failedState", request.failedState());
      node.put("error", request.error() == null ? null : request.error().error());
      node.put("errorMessage", errorMessage(request));
    }
    ObjectNode durations = node.putObject("stepSeconds");
    stepSeconds(request.steps()).forEach(durations::put);
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return "{}";
    }
  }

  /** The human part of a caught Lambda error: its {@code errorMessage} when the cause is JSON. */
  static String errorMessage(NotifyRequest request) {
    if (request.error() == null) {
      return "unknown error";
    }
    String cause = request.error().cause();
    if (cause != null && cause.trim().startsWith("{")) {
      try {
        JsonNode parsed = Json.MAPPER.readTree(cause);
        if (parsed.hasNonNull("errorMessage")) {
          return request.error().error() + ": " + parsed.get("errorMessage").asText();
        }
      } catch (JsonProcessingException e) {
        // not JSON after all: use it as text
      }
    }
    return request.error().error() + (cause == null ? "" : ": " + cause);
  }

  /** A failback that stopped the DR writers but has not got the primary serving yet. */
  private static boolean writesStopped(NotifyRequest request) {
    JsonNode readiness = step(request, "readiness");
    return isFailback(request) && !request.run().dryRun() && step(request, "stopDr") != null && step(request, "resumeDr") == null
        && (readiness == null || !readiness.path("ready").asBoolean(false));
  }

  private static boolean promoted(NotifyRequest request) {
    JsonNode promotion = step(request, "promotion");
    return promotion != null && promotion.path("promoted").asBoolean(false) && !request.run().dryRun();
  }

  private static JsonNode step(NotifyRequest request, String key) {
    return request.steps() == null ? null : request.steps().get(key);
  }

  private static String nullToUnknown(String value) {
    return value == null ? "an unknown step" : value;
  }
}

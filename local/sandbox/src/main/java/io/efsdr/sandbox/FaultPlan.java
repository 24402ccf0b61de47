package io.efsdr.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults the stand-ins inject, per service and operation, for a number of calls or for good.
 *
 * <p>Service names are the AWS signing names ({@code elasticfilesystem}, {@code eks}, {@code sns},
 * {@code ssm}, {@code states}) or {@code kubernetes}. Operations are the AWS operation names
 * ({@code DeleteReplicationConfiguration}) or, for Kubernetes, {@code get}, {@code list},
 * {@code patch}, {@code create}, {@code delete}, optionally suffixed with the resource
 * ({@code patch:scale}). {@code *} matches any operation. A region may be marked unreachable,
 * which fails every call to it.
 */
public final class FaultPlan {
  private final List<Fault> faults = new ArrayList<>();
  private final Map<String, Boolean> unreachableRegions = new ConcurrentHashMap<>();
  private final Map<String, Integer> injected = new ConcurrentHashMap<>();

  /** One rule; {@code times == null} means for good. {@code region == null} means any region. */
  public record Fault(String service, String operation, String region, FaultKind kind, Integer times) {}

  public synchronized void add(Fault fault) {
    faults.add(new Fault(fault.service(), fault.operation(), fault.region(), fault.kind(), fault.times()));
    remaining.put(faults.size() - 1, fault.times() == null ? -1 : fault.times());
  }

  private final Map<Integer, Integer> remaining = new ConcurrentHashMap<>();

  /** Clears every rule (not the counters); used when a drill "fixes" the fault before a re-run. */
  public synchronized void clear() {
    faults.clear();
    remaining.clear();
  }

  public void setRegionReachable(String region, boolean reachable) {
    if (reachable) {
      unreachableRegions.remove(region);
    } else {
      unreachableRegions.put(region, Boolean.TRUE);
    }
  }

  public boolean isRegionReachable(String region) {
    return region == null || !unreachableRegions.containsKey(region);
  }

  /**
   * The fault to inject for this call, consuming one occurrence of a counted rule. An unreachable
   * region always yields {@link FaultKind#UNREACHABLE}.
   */
  public synchronized Optional<FaultKind> next(String service, String operation, String region) {
    if (!isRegionReachable(region)) {
      count(service, operation, FaultKind.UNREACHABLE);
      return Optional.of(FaultKind.UNREACHABLE);
    }
    for (int i = 0; i < faults.size(); i++) {
      Fault fault = faults.get(i);
      int left = remaining.getOrDefault(i, 0);
      if (left == 0 || !matches(fault, service, operation, region)) {
        continue;
      }
      if (left > 0) {
        remaining.put(i, left - 1);
      }
      count(service, operation, fault.kind());
      return Optional.of(fault.kind());
    }
    return Optional.empty();
  }

  /** How many faults were injected for this service and operation so far. */
  public int injectedCount(String service, String operation) {
    return injected.entrySet().stream()
        .filter(e -> e.getKey().startsWith(service + "/" + operation + "/"))
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  private void count(String service, String operation, FaultKind kind) {
    injected.merge(service + "/" + operation + "/" + kind, 1, Integer::sum);
  }

  private static boolean matches(Fault fault, String service, String operation, String region) {
    if (!fault.service().equalsIgnoreCase(service)) {
      return false;
    }
    if (fault.region() != null && !fault.region().equals(region)) {
      return false;
    }
    String wanted = fault.operation();
    if (wanted == null || wanted.equals("*")) {
      return true;
    }
    return wanted.equalsIgnoreCase(operation) || operation.toLowerCase().startsWith(wanted.toLowerCase() + ":");
  }
}

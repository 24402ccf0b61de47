#!/usr/bin/env bash
# bench/runbook.sh WORKLOADS [SCENARIO]: the manual failover runbook a person follows today, with the
# aws CLI and kubectl, timed against `local/drill serve` on the same world the orchestrator's benchmark
# uses (the default world with WORKLOADS generated workloads, or SCENARIO). Prints one line:
#   runbookSeconds=<sandbox seconds from the first command to the last rollout>
# A benchmark, not a test. The steps, as the runbook has them:
#   1. find the DR file system's replication and delete it (aws efs describe-replication-configurations,
#      delete-replication-configuration, run in the DR region);
#   2. every POLL_SECONDS, describe the DR file system until it is writable (its replication overwrite
#      protection ENABLED and no replication configuration left);
#   3. kubectl --context dr apply -f the DR StorageClass (the runbook's manifest: the StorageClass naming
#      the DR file system);
#   4. kubectl scale each workload to its active replicas, one command per namespace and replica count
#      naming its workloads (`kubectl -n shop scale deployment/a deployment/b --replicas=3`, as a
#      runbook table is typed); RUNBOOK_SCALE=each runs one command per workload instead;
#   5. kubectl rollout status each workload (one command each: kubectl takes a single resource).
# Its table of workloads and the StorageClass manifest are prepared before the clock starts (a runbook
# carries them). Every kubectl call authenticates as on EKS (the kubeconfig's exec entry runs
# `aws eks get-token`), which is most of a call's time.
# What the runbook does NOT do, and the orchestrator's graceful failover does (read the ratio with it):
#   - no fencing and no stop of the primary: the primary's writers keep writing, to a file system that
#     is no longer replicated (split brain until someone stops them);
#   - no final sync: what was written since the last replication is lost, and the orchestrator's
#     floor carries the stop (termination grace) and that sync, which the runbook's does not;
#   - no data-loss proof (no measured data-loss window), no plan validation, no volume preflight, no
#     waves or hooks, no traffic switch, no notification and no audit record.
# So the runbook's floor is the promotion and the pods' start only; the orchestrator's is larger by the
# stop and the final sync (bench/run prints both).
# POLL_SECONDS (default 10): how often the person re-runs the describe (sandbox seconds).
# CLOCK_RATE (default 1, and keep it for figures): sandbox seconds per real second. Above 1 the
# world's delays (promotion, pods' start) and the poll sleeps pass faster, but every command still
# takes machine time, during which the world moves RATE times as far as it would for the person: a
# rollout status would find pods ready that at rate 1 it waits for. The printed time is sandbox time
# (real time x RATE), so commands count RATE times; neither way is the runbook's time at rate 1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKLOADS="${1:?usage: bench/runbook.sh WORKLOADS [SCENARIO]}"
SCENARIO="${2:-}"
POLL_SECONDS="${POLL_SECONDS:-10}"
CLOCK_RATE="${CLOCK_RATE:-1}"
RUNBOOK_SCALE="${RUNBOOK_SCALE:-grouped}"
WORK="$ROOT/bench/target/runbook-$WORKLOADS"
rm -rf "$WORK"
mkdir -p "$WORK"
ENV_FILE="$WORK/sandbox.env"

serve_args=(serve --workloads "$WORKLOADS" --env-file "$ENV_FILE" --clock-rate "$CLOCK_RATE")
[ -n "$SCENARIO" ] && serve_args+=(--scenario "$SCENARIO")
"$ROOT/local/drill" "${serve_args[@]}" >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
trap 'kill "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  [ -s "$ENV_FILE" ] && break
  kill -0 "$SERVE_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; echo "local/drill serve stopped" >&2; exit 1; }
  sleep 0.5
done
[ -s "$ENV_FILE" ] || { echo "local/drill serve wrote no env file" >&2; exit 1; }
# shellcheck disable=SC1090
source "$ENV_FILE"
DR_REGION="$AWS_DEFAULT_REGION"

# ---- preparation (untimed): what the runbook carries ------------------------------------------
# The runbook names the DR file system (the only one in the DR region here).
DR_FS=$(aws efs describe-file-systems --region "$DR_REGION" --query 'FileSystems[0].FileSystemId' --output text)
kubectl --context dr get storageclass efs-sc -o json \
  | jq --arg fs "$DR_FS" '.parameters.fileSystemId = $fs
      | {apiVersion, kind, metadata: {name: .metadata.name}, provisioner, parameters, reclaimPolicy,
         volumeBindingMode, mountOptions} | with_entries(select(.value != null))' >"$WORK/storageclass.json"
# kind namespace name replicas, from the primary as it runs before the outage
row='{.kind}{" "}{.metadata.namespace}{" "}{.metadata.name}{" "}{.spec.replicas}{"\n"}'
kubectl --context primary get deployments,statefulsets --all-namespaces -o jsonpath="{range .items[*]}$row{end}" \
  >"$WORK/workloads.txt"
[ "$(wc -l <"$WORK/workloads.txt")" -gt 0 ] || { echo "no workloads found on the primary" >&2; exit 1; }
# namespace replicas kind/name kind/name ...: one scale command's worth per line
awk '{key = $2 " " $4; names[key] = names[key] " " tolower($1) "/" $3}
     END {for (k in names) print k names[k]}' "$WORK/workloads.txt" | sort >"$WORK/scale-groups.txt"

sleep_sandbox() { sleep "$(awk -v s="$1" -v r="$CLOCK_RATE" 'BEGIN {printf "%.3f", s / r}')"; }

# ---- the runbook (timed) ------------------------------------------------------------------------
start=$(date +%s%N)
SOURCE_FS=$(aws efs describe-replication-configurations --region "$DR_REGION" --file-system-id "$DR_FS" \
  --query 'Replications[0].SourceFileSystemId' --output text)
aws efs delete-replication-configuration --region "$DR_REGION" --source-file-system-id "$SOURCE_FS"
polls=0
while true; do
  protection=$(aws efs describe-file-systems --region "$DR_REGION" --file-system-id "$DR_FS" \
    --query 'FileSystems[0].FileSystemProtection.ReplicationOverwriteProtection' --output text)
  if [ "$protection" = ENABLED ] \
      && ! aws efs describe-replication-configurations --region "$DR_REGION" --file-system-id "$DR_FS" \
        >/dev/null 2>&1; then
    break
  fi
  polls=$((polls + 1))
  sleep_sandbox "$POLL_SECONDS"
done
kubectl --context dr apply -f "$WORK/storageclass.json" >/dev/null 2>>"$WORK/kubectl.err"
scale_commands=0
if [ "$RUNBOOK_SCALE" = each ]; then
  while read -r kind namespace name replicas; do
    kubectl --context dr -n "$namespace" scale "${kind,,}/$name" --replicas="$replicas" >/dev/null
    scale_commands=$((scale_commands + 1))
  done <"$WORK/workloads.txt"
else
  while read -r namespace replicas names; do
    # shellcheck disable=SC2086
    kubectl --context dr -n "$namespace" scale $names --replicas="$replicas" >/dev/null
    scale_commands=$((scale_commands + 1))
  done <"$WORK/scale-groups.txt"
fi
while read -r kind namespace name _; do
  kubectl --context dr -n "$namespace" rollout status "${kind,,}/$name" --timeout=30m >/dev/null
done <"$WORK/workloads.txt"
end=$(date +%s%N)

awk -v s="$start" -v e="$end" -v r="$CLOCK_RATE" -v p="$polls" -v n="$(wc -l <"$WORK/workloads.txt")" \
  -v c="$scale_commands" \
  'BEGIN {printf "runbookSeconds=%.1f polls=%d workloads=%d scaleCommands=%d\n", (e - s) / 1e9 * r, p, n, c}'

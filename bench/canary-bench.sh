#!/usr/bin/env bash
# Canary autopilot benchmark (issue 13): how fast a bad canary is rolled back on every gateway, whether a healthy one
# walks to 100 % without a false rollback, and whether too little traffic holds a rollout.
#
#   bench/canary-bench.sh    (about 20-25 min at the defaults) build what it needs, run, print the summary and append
#                            it (with date, commit, machine, load average and this command) to docs/benchmarks.md
#
# Settings (environment, all optional):
#   BENCH_SCENARIOS="bad-errors bad-latency healthy low-traffic"   the scenarios to run, in this order
#   BENCH_RATE=200           requests/s fleet-wide, open loop (a fixed schedule that never waits for answers)
#   BENCH_USERS=2000         distinct users (header X-Session-Id, the Canary key); each request picks one at random
#                            and one of the three gateways at random. A step's real share is the share of users whose
#                            buckets fall under it: at 1 % about users/100 of them (20 ± 4.5 at 2000; a 500-user
#                            smoke run once had 1, and its 1 % step never got the 50 canary requests it needs)
#   BENCH_BAD_RUNS=3         runs of each bad scenario (the summary gives the median and the range, never the best)
#   BENCH_ERROR_SHARE=0.05   bad-errors: share of the canary's answers that become 500
#   BENCH_DELAY_MS=50        bad-latency: every canary answer this much later (so its p99 is that much worse)
#   BENCH_SETTLE=5           seconds at the 5 % step, every gateway on it, before the canary is made bad
#   BENCH_ERRORS_TIMEOUT=90  BENCH_LATENCY_TIMEOUT=180   seconds a bad run waits for weight 0 on every gateway
#   BENCH_HEALTHY_RUNS=20    healthy walks 1 -> 100 %; the figure is the count of false rollbacks (goal 0)
#   BENCH_WALK_TIMEOUT=240   seconds a walk may take (longer: "timed out", with the controller's last status)
#   BENCH_LOW_RATE=2         low-traffic: requests/s fleet-wide      BENCH_LOW_SECONDS=60   for how long
#   BENCH_WARMUP=30          seconds of traffic at weight 50 (no plan) before the first run, so all JVMs are warm
#   BENCH_DOC=<repo>/docs/benchmarks.md   file the summary is appended to (empty: none)
#   BENCH_KEEP=1             keep the work folder (answers and weight polls per run, CPU tables) also on success
#   BENCH_START_TIMEOUT=180  seconds a service may take to answer its health check (more on a loaded machine)
#   BENCH_NEIGHBOUR_BUDGET=50  BENCH_NEIGHBOUR_REPEATS=0   every run records the CPU of every process; a run in which
#                            processes the benchmark did not start used more than the budget (ms/s) is flagged (`*`),
#                            and made again (a new rollout) up to the repeats (0 by default, to keep the run short)
#   BENCH_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m"   the benchmark's JVM     BENCH_MAVEN_OPTS=   e.g. -o
#
# Plans (committed by the benchmark, each run under a new route id, so each run is a new rollout; SLO as the issue's
# example: error-rate max-increase 0.5 %, p99-latency max-ratio 1.3, confidence 0.95):
#   bad runs: steps [5, 100], step-after 10m, min-requests 50: the rollout holds at 5 % while the canary goes bad.
#   healthy and low-traffic: steps [1, 5, 25, 50, 100], step-after 3s, min-requests 50. Small so that 20 walks fit in
#   the run: the latency check needs 50 timed canary requests (268 stable) per step anyway, so at 200 requests/s the 1 %
#   step takes about 25 s and a walk about a minute; a shorter step-after would only shorten the later steps.
#
# io.edgeway.e2e.bench.CanaryBench (e2e test sources) does the rest: it starts, as the e2e tests do, config-server
# (the rollout controller) over a throw-away git copy of config-repo/, discovery-server, two stable (v1) and one
# canary (v2) sample-backend with BACKEND_FAULT_SWITCH=true, and three edge-gateways, on free loopback ports. One
# NIO thread sends the open-loop users' GET /canary-bench; a poller asks each gateway's /actuator/canary for the
# route's weight in force every ~50 ms. Bad runs: time from the first bad answer a user received (a 5xx; for latency
# the first canary answer after the switch) until the last gateway was seen at weight 0, the controller's verdict,
# users the bad canary served, stickiness per gateway. Healthy: false rollbacks, walk times, users moved back to
# stable. Low traffic: the highest weight any gateway ran and what GET /rollouts said. The benchmark's JVM, which
# stops the services it started, is stopped by PID on exit, Ctrl-C or error.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"
run_or_help "$0" "${1:-}"
DOC=${BENCH_DOC-$ROOT/docs/benchmarks.md}
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m}
STOP_GRACE=60 # the benchmark's JVM stops its services (up to 30 s each, at once) before it exits
COMMAND_LINE=$(bench_command_line bench/canary-bench.sh)
SERVICES=(config-server discovery-server sample-backend edge-gateway)
OUT=$(mktemp -d)
after_stop() { rm -rf "$OUT"; }
stop_everything_on_exit

cd "$ROOT"
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "canary-bench: building the services and the e2e test classes (tests skipped)"
# One reactor build: the jars the benchmark starts and the classpath, which names the modules' fresh jars, never
# stale snapshots from ~/.m2. A jar still older than its sources after it is an error, never measured.
# shellcheck disable=SC2086
./mvnw -B -q ${BENCH_MAVEN_OPTS:-} -pl "$(IFS=,; echo "${SERVICES[*]}"),e2e-tests" -am -DskipTests package \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
STALE=$(jars_stale "${SERVICES[@]}")
[[ -z $STALE ]] || die "still older than their sources after the build: $STALE(a source file dated in the future?)"
CP="e2e-tests/target/test-classes:test-support/target/classes:$(cat e2e-tests/target/bench.classpath)"

log "canary-bench: ${BENCH_SCENARIOS:-bad-errors bad-latency healthy low-traffic} at ${BENCH_RATE:-200} requests/s"
# shellcheck disable=SC2086
java $JAVA_OPTS -Dedgeway.root="$ROOT" -Dbench.scenarios="${BENCH_SCENARIOS:-}" -Dbench.rate="${BENCH_RATE:-}" \
  -Dbench.users="${BENCH_USERS:-}" -Dbench.bad-runs="${BENCH_BAD_RUNS:-}" -Dbench.error-share="${BENCH_ERROR_SHARE:-}" \
  -Dbench.delay-ms="${BENCH_DELAY_MS:-}" -Dbench.settle="${BENCH_SETTLE:-}" \
  -Dbench.errors-timeout="${BENCH_ERRORS_TIMEOUT:-}" -Dbench.latency-timeout="${BENCH_LATENCY_TIMEOUT:-}" \
  -Dbench.healthy-runs="${BENCH_HEALTHY_RUNS:-}" -Dbench.walk-timeout="${BENCH_WALK_TIMEOUT:-}" \
  -Dbench.low-rate="${BENCH_LOW_RATE:-}" -Dbench.low-seconds="${BENCH_LOW_SECONDS:-}" -Dbench.warmup="${BENCH_WARMUP:-}" \
  -Dbench.keep="${BENCH_KEEP:-}" -Dbench.start-timeout="${BENCH_START_TIMEOUT:-}" \
  -Dbench.neighbour-budget="${BENCH_NEIGHBOUR_BUDGET:-}" -Dbench.neighbour-repeats="${BENCH_NEIGHBOUR_REPEATS:-}" \
  -cp "$CP" io.edgeway.e2e.bench.CanaryBench "$OUT" >&2 &
track $!
wait $! || die "canary-bench: CanaryBench failed"
untrack $!
[[ -s $OUT/summary ]] || die "canary-bench: no summary written"

{
  summary_header "Canary autopilot: rollback, walk and hold" --jar edge-gateway --jar config-server \
    --jvm "$(cat "$OUT/jvm"); the benchmark, its users and poller \`$JAVA_OPTS\`" \
    --note "Goals (issue 13): a canary with 5 % 5xx at 200 requests/s rolled back on every gateway ≤ 15 s after its first bad answer at a 5 % step; p99 50 ms worse ≤ 60 s; 20 healthy walks with no false rollback; too little traffic holds and says so"
  printf '\n'
  cat "$OUT/summary"
} >"$OUT/summary.md"
publish_summary "$OUT/summary.md" "$DOC"

#!/usr/bin/env bash
# Commit-to-live benchmark of config push: how long after `git commit` a new route is served by every gateway.
#
#   bench/config-push-bench.sh    (about 5-7 min) build what it needs, run, print the table and append it (with date,
#                                 machine, load average and this command) to docs/benchmarks.md
#
# Settings (environment, all optional):
#   ROUNDS=10                measured commits per path (each adds one route; samples = ROUNDS x 3 gateways)
#   WARMUP=1                 unmeasured commits per path before the measured ones
#   ROUND_TIMEOUT=20         seconds a round waits for all gateways to serve the new route (late = missed)
#   PATHS="direct webhook redis"   the paths to run, in this order (redis always restarts the gateways)
#   BENCH_DOC=<repo>/docs/benchmarks.md   file the summary is appended to (empty: none)
#   BENCH_KEEP=1             keep the work folder (CPU tables, throw-away git repository) even when the run succeeds
#   BENCH_START_TIMEOUT=180  seconds a service may take to answer its health check (more on a loaded machine)
#   BENCH_TRACE=1            also write every poll answer with its time (WORK/live-N-GATEWAY.trace)
#   BENCH_NEIGHBOUR_BUDGET=50  BENCH_NEIGHBOUR_REPEATS=2   every measured commit records the CPU of every process;
#                            one in which processes the benchmark did not start used more than the budget (ms/s) is
#                            made again with a new route, up to the repeats, then kept and flagged
#   BENCH_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m"   the benchmark's JVM     BENCH_MAVEN_OPTS=   e.g. -o (offline)
#
# io.edgeway.e2e.bench.ConfigPushBench (e2e test sources) does the rest: it starts config-server over a throw-away
# git copy of config-repo/ (Redis fan-out on), discovery-server, one sample-backend, three edge-gateways and a
# redis-server on free loopback ports, as the e2e tests start them, and measures three paths, each with fresh routes
# bench-<n>: (1) direct, the gateways on the config server's SSE stream, which notices commits by watching the
# repository's refs; (2) webhook, the same plus POST /monitor right after each commit; (3) redis, the broker alone
# (gateways restarted with stream=false, REDIS_FANOUT=true, check-interval=5m). A sample is one gateway x one commit:
# from right after the commit until the gateway first answers 200 on /bench-<n>, polled every 20 ms over one
# keep-alive connection per gateway from the benchmark's JVM (measured, never a neighbour). Needs redis-server and
# redis-cli (Debian package redis-server). The benchmark's JVM, which stops the services it started, is stopped by
# PID on exit, Ctrl-C or error.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"
run_or_help "$0" "${1:-}"
DOC=${BENCH_DOC-$ROOT/docs/benchmarks.md}
JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m}
STOP_GRACE=60 # the benchmark's JVM stops its services (up to 30 s each, at once) before it exits
COMMAND_LINE=$(bench_command_line bench/config-push-bench.sh ROUNDS WARMUP ROUND_TIMEOUT PATHS)
SERVICES=(config-server discovery-server sample-backend edge-gateway)
OUT=$(mktemp -d)
after_stop() { rm -rf "$OUT"; }
stop_everything_on_exit

for tool in redis-server redis-cli; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH (apt-get install redis-server)"
done
cd "$ROOT"
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "config-push-bench: building the services and the e2e test classes (tests skipped)"
# One reactor build: the jars the benchmark starts and the classpath, which names the modules' fresh jars, never
# stale snapshots from ~/.m2. A jar still older than its sources after it is an error, never measured.
# shellcheck disable=SC2086
./mvnw -B -q ${BENCH_MAVEN_OPTS:-} -pl "$(IFS=,; echo "${SERVICES[*]}"),e2e-tests" -am -DskipTests package \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
STALE=$(jars_stale "${SERVICES[@]}")
[[ -z $STALE ]] || die "still older than their sources after the build: $STALE(a source file dated in the future?)"
CP="e2e-tests/target/test-classes:test-support/target/classes:$(cat e2e-tests/target/bench.classpath)"

log "config-push-bench: paths ${PATHS:-direct webhook redis}, ${ROUNDS:-10} rounds each after ${WARMUP:-1} warm-up"
# shellcheck disable=SC2086
java $JAVA_OPTS -Dedgeway.root="$ROOT" -Dbench.rounds="${ROUNDS:-}" -Dbench.warmup="${WARMUP:-}" \
  -Dbench.round-timeout="${ROUND_TIMEOUT:-}" -Dbench.paths="${PATHS:-}" -Dbench.keep="${BENCH_KEEP:-}" \
  -Dbench.start-timeout="${BENCH_START_TIMEOUT:-}" -Dbench.trace="${BENCH_TRACE:-}" \
  -Dbench.neighbour-budget="${BENCH_NEIGHBOUR_BUDGET:-}" -Dbench.neighbour-repeats="${BENCH_NEIGHBOUR_REPEATS:-}" \
  -cp "$CP" io.edgeway.e2e.bench.ConfigPushBench "$OUT" >&2 &
track $!
wait $! || die "config-push-bench: ConfigPushBench failed"
untrack $!
[[ -s $OUT/summary ]] || die "config-push-bench: no summary written"

{
  summary_header "Config push: commit-to-live" --jar edge-gateway --jvm "$(cat "$OUT/jvm"); the benchmark and its pollers \`$JAVA_OPTS\`" \
    --note "Stack: config-server, discovery-server, 1 sample-backend, 3 edge-gateways, redis-server, all on 127.0.0.1; each gateway polled every 20 ms on one keep-alive connection; commits 0.5–1.5 s apart"
  printf '\n'
  cat "$OUT/summary"
} >"$OUT/summary.md"
publish_summary "$OUT/summary.md" "$DOC"

#!/usr/bin/env bash
# Benchmarks lb-adapter-service: 1,000 instance changes across an emulated F5 and an emulated NetScaler, batched
# writes (F5 transactions, NITRO bulk) against one call per change, in interleaved rounds.
#
#   bench/adapter-bench.sh     build what is missing, run, print a Markdown summary, append it to docs/benchmarks.md
#
# Settings (environment, all optional):
#   BENCH_ROUNDS=3            interleaved rounds (each: batched and unbatched, order alternating)
#   BENCH_DOC=<repo>/docs/benchmarks.md   file the summary is appended to (empty: none)
#   BENCH_JAVA_OPTS="-Xmx512m"            BENCH_MAVEN_OPTS=   e.g. -o (offline)
#   BENCH_NEIGHBOUR_BUDGET=50 the run (all rounds: they are inside one JVM) records the CPU of every process and is
#                             flagged when processes this script did not start used more than this (ms/s); not repeated
# Everything runs in one JVM on 127.0.0.1 (emulators and adapter); it is stopped by PID on exit, Ctrl-C or error.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"
ROUNDS=${BENCH_ROUNDS:-3}
DOC=${BENCH_DOC-$ROOT/docs/benchmarks.md}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx512m}
COMMAND_LINE=$(bench_command_line bench/adapter-bench.sh)
OUT=$(mktemp -d)
after_stop() { rm -rf "$OUT"; }
stop_everything_on_exit

cd "$ROOT"
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "adapter-bench: building lb-device-emulators and lb-adapter-service (tests skipped)" >&2
# One reactor build (nothing installed into ~/.m2): the classpath names the modules' fresh jars, never stale snapshots.
# shellcheck disable=SC2086
./mvnw -B -q ${BENCH_MAVEN_OPTS:-} -pl lb-adapter-service -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath" >/dev/null
CP="lb-adapter-service/target/test-classes:lb-adapter-service/target/classes:$(cat "$OUT/classpath")"

cpu_init "$OUT/cpu"
run_bench() {
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$CP" io.edgeway.lbadapter.bench.AdapterBench "$ROUNDS" "$OUT/summary" >"$OUT/log" 2>&1 &
  track $!
  wait $! || { tail -40 "$OUT/log" >&2; die "adapter-bench: AdapterBench failed"; }
  untrack $!
}
log "adapter-bench: $ROUNDS interleaved rounds after one warm-up round of each mode"
CPU_MAX_REPEATS=0 cpu_round adapter 1 run_bench

{
  summary_header "lb-adapter: 1,000 instance changes, batched vs unbatched writes" --jvm "\`$JAVA_OPTS\`" \
    --note "The registry is Spring Cloud's simple discovery client, changed in place, so Eureka's own propagation (see the gateway bench) is not in these figures; time runs from the registry change to the last member on the devices."
  cat <<EOF

$(cat "$OUT/summary")

CPU of every process over the whole run (all rounds run in one JVM, so the run is one round here; not repeated):

$(cpu_java summary "$CPU_DIR/usage.tsv")

$(cpu_flagged)
EOF
} >"$OUT/summary.md"
publish_summary "$OUT/summary.md" "$DOC"

#!/usr/bin/env bash
# Declared VIPs at scale (issue 16): 200 VIPs declared at once across an emulated F5 and an emulated NetScaler, two
# partitions each, written by the adapter's VIP pass with its real drivers (io.edgeway.lbadapter.bench.VipBench, test
# sources of lb-adapter-service): time of the pass that creates them all, device calls per VIP, a second pass that
# must find nothing to do, peak F5 tokens and NITRO sessions, failed changes; with the CPU of every process on the
# machine during the run.
#
#   bench/vip-bench.sh        build the adapter's test classes, run (under a minute), print a Markdown summary and
#                             append it to docs/benchmarks.md
#
# Settings (environment, all optional):
#   BENCH_ROUNDS=5            rounds, each on fresh emulators (medians over them)
#   BENCH_LOAD_WAIT=0         wait up to this many seconds for the 1-minute load to drop below BENCH_MAX_LOAD (1.0)
#   BENCH_NEIGHBOUR_BUDGET, BENCH_NEIGHBOUR_REPEATS   as in bench/lib/cpu.sh
#   BENCH_DOC=<repo>/docs/benchmarks.md   file the summary is appended to (empty: none)
#   BENCH_OUT=<repo>/bench/out/vip-<UTC time>   the run's output
#   BENCH_MAVEN_OPTS=         e.g. -o (offline)
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"
ROUNDS=${BENCH_ROUNDS:-5}
LOAD_WAIT=${BENCH_LOAD_WAIT:-0}
MAX_LOAD=${BENCH_MAX_LOAD:-1.0}
DOC=${BENCH_DOC-$ROOT/docs/benchmarks.md}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${BENCH_OUT:-$ROOT/bench/out/vip-$STAMP}
COMMAND_LINE=$(bench_command_line bench/vip-bench.sh)
JAVA_OPTS="-Xmx512m"

run_or_help "${BASH_SOURCE[0]}" "${1:-}"
mkdir -p "$OUT"
cd "$ROOT"

log "Building lb-adapter-service's test classes and their class path..."
# shellcheck disable=SC2086
./mvnw -B -q ${BENCH_MAVEN_OPTS:-} -pl lb-adapter-service -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >"$OUT/build.log" 2>&1 \
  || die "build failed: $OUT/build.log"
CLASSPATH_OF_BENCH="lb-adapter-service/target/test-classes:lb-adapter-service/target/classes:$(cat "$OUT/classpath.txt")"

vip_run() {
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$CLASSPATH_OF_BENCH" io.edgeway.lbadapter.bench.VipBench "$ROUNDS" >"$OUT/vipbench.md" \
    2>"$OUT/vipbench.log"
}

wait_for_quiet_machine
cpu_init "$OUT/cpu"
log "Running VipBench, $ROUNDS rounds..."
cpu_round vips 1 vip_run
failed=$(awk -F'|' 'NF > 8 && $2 ~ /[0-9]/ {n += $9} END {print n + 0}' "$OUT/vipbench.md")

{
  summary_header "Declared VIPs: 200 VIPs in one pass (issue 16)" --jvm "$JAVA_OPTS" --raw "$OUT" \
    --note "VipBench: the VIP pass alone (VipCycle with the real F5 and NetScaler drivers, no Spring, registry or config refresh) against an emulated F5 and NetScaler in one JVM; 200 HTTP VIPs of three members and a monitor each, half per device, two partitions per device; adapter defaults (2 F5 tokens, 4 NITRO sessions)"
  echo
  grep '^|' "$OUT/vipbench.md"
  echo
  grep '^median' "$OUT/vipbench.md" | sed 's/^/- /'
  echo
  echo "CPU of every process on the machine during the run (ms/s; the benchmark's JVM holds the adapter's drivers and both emulators):"
  echo
  cpu_summary
} >"$OUT/summary.md"
((failed == 0)) || die "$failed changes failed: see $OUT (not published)"
publish_summary "$OUT/summary.md" "$DOC"

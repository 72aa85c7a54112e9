#!/usr/bin/env bash
# Benchmarks the Eureka registry (discovery-server) with N simulated clients that really register, renew and fetch
# deltas over HTTP Basic, for a single node and a three-node peer cluster on 127.0.0.1-3.
#
#   bench/registry-bench.sh    build what it needs, run, print a Markdown summary, append it to docs/benchmarks.md
#
# Settings (environment, all optional):
#   BENCH_N=10,100,1000       fleet sizes (instances)
#   BENCH_TOPOLOGIES=single,cluster   single node, and/or three peers (SPRING_PROFILES_ACTIVE=peer)
#   BENCH_ROUNDS=1            rounds of every size (each a fresh fleet on the same server(s))
#   BENCH_WARMUP=40           seconds after all are registered and seen, before measuring (steady state)
#   BENCH_SECONDS=30          measured window per round
#   BENCH_RENEW= BENCH_EXPIRY= BENCH_FETCH=   the clients' intervals (seconds); default: config-repo/application.yml's
#   BENCH_FETCHERS=all        clients that fetch the registry: all, a count, or a share such as 2%
#   BENCH_SERVER_ARGS=        extra arguments for every discovery-server (e.g. --eureka.server.x=y)
#   BENCH_DOC=<repo>/docs/benchmarks.md   file the summary is appended to (empty: none)
#   BENCH_JAVA_OPTS="-Xmx2g"            the simulator's JVM     BENCH_MAVEN_OPTS=   e.g. -o (offline)
# The servers run as run.sh starts them; all traffic goes to 127.0.0.1-3. The simulator JVM (which stops the
# servers it started) is stopped by PID on exit, Ctrl-C or error.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"
DOC=${BENCH_DOC-$ROOT/docs/benchmarks.md}
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx2g}
COMMAND_LINE=$(bench_command_line bench/registry-bench.sh)
OUT=$(mktemp -d)
after_stop() { rm -rf "$OUT"; }
stop_everything_on_exit

cd "$ROOT"
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "registry-bench: building discovery-server and the e2e test classes (tests skipped)" >&2
# One reactor build: the classpath names the modules' fresh jars, never stale snapshots from ~/.m2 (each module writes
# its own target/bench.classpath; a relative path is resolved in the module's folder).
# shellcheck disable=SC2086
./mvnw -B -q ${BENCH_MAVEN_OPTS:-} -pl discovery-server,e2e-tests -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="e2e-tests/target/test-classes:test-support/target/classes:$(cat e2e-tests/target/bench.classpath)"

log "registry-bench: sizes ${BENCH_N:-10,100,1000}, ${BENCH_TOPOLOGIES:-single,cluster} (live rows below; logs in e2e-tests/target/e2e-logs)"
# shellcheck disable=SC2086
java $JAVA_OPTS -Dedgeway.root="$ROOT" -Dbench.n="${BENCH_N:-}" -Dbench.topologies="${BENCH_TOPOLOGIES:-}" \
  -Dbench.rounds="${BENCH_ROUNDS:-}" -Dbench.warmup="${BENCH_WARMUP:-}" -Dbench.seconds="${BENCH_SECONDS:-}" \
  -Dbench.renew="${BENCH_RENEW:-}" -Dbench.expiry="${BENCH_EXPIRY:-}" -Dbench.fetch="${BENCH_FETCH:-}" \
  -Dbench.fetchers="${BENCH_FETCHERS:-}" -Dbench.server-args="${BENCH_SERVER_ARGS:-}" \
  -cp "$CP" io.edgeway.e2e.bench.RegistryBench "$OUT/summary" >&2 &
track $!
wait $! || die "registry-bench: RegistryBench failed"
untrack $!
[[ -s $OUT/summary ]] || die "registry-bench: no summary written"

{
  summary_header "Registry: N simulated Eureka clients against the real discovery-server" --jar discovery-server \
    --jvm "simulator \`$JAVA_OPTS\`; servers as run.sh starts them"
  printf '\n'
  cat "$OUT/summary"
} >"$OUT/summary.md"
publish_summary "$OUT/summary.md" "$DOC"

#!/usr/bin/env bash
# TLS at the edge: requests/s and CPU per request through the gateway over plain HTTP, over HTTPS ended by the gateway
# (edgeway.gateway.tls), and over HTTPS ended by HAProxy in front of the plain gateway, on the same certificate, in
# the same run; each with keep-alive and with a new connection per request (wrk -H "Connection: close").
#
#   bench/tls-bench.sh        build the jars if missing, run (about 6 minutes at the defaults), print a Markdown
#                             summary and append it to docs/benchmarks.md
#
# Settings (environment, all optional):
#   BENCH_ROUNDS=3            interleaved rounds (every path and mode once per round, order rotating)
#   BENCH_DURATION=10         seconds per wrk run          BENCH_WARMUP=10   seconds of warm-up per path and mode,
#   BENCH_WARMUP_REQUESTS=50000  repeated until this many requests went through that path and mode (at most
#                             BENCH_WARMUP_RUNS=10 times): the JIT must see as many requests on a slow path (HTTPS with the
#                             JDK's TLS, a busy machine) as on a fast one, or a cold path is measured against a warm one
#   BENCH_THREADS=2           wrk -t                        BENCH_CONNECTIONS=32   wrk -c
#   BENCH_PORT_BASE=19000     backend +81, plain gateway +80, TLS gateway +443, HAProxy +444; gateway actuators +100
#   BENCH_LOAD_WAIT=0         wait up to this many seconds for the 1-minute load to drop below BENCH_MAX_LOAD (1.0)
#   BENCH_DOC=<repo>/docs/benchmarks.md   file the summary is appended to (empty: none)
#   BENCH_OUT=<repo>/bench/out/tls-<UTC time>   logs, raw wrk output and the summary of this run
# Needs wrk and haproxy (Debian: apt-get install wrk haproxy). CPU per request is each process's utime+stime from /proc
# over the wrk run: the gateway's (and HAProxy's, for the HAProxy path). Every run also records the CPU of every process
# on the machine (bench/lib/cpu.sh): a run in which processes the bench did not start used more than
# BENCH_NEIGHBOUR_BUDGET ms/s (50) is run again, up to BENCH_NEIGHBOUR_REPEATS (2) times, then kept and flagged. Traffic goes to 127.0.0.1 only. Every
# process the script starts is stopped on exit, Ctrl-C or error (by PID).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"
ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-10}
WARMUP_REQUESTS=${BENCH_WARMUP_REQUESTS:-50000}
WARMUP_RUNS=${BENCH_WARMUP_RUNS:-10}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PORT_BASE=${BENCH_PORT_BASE:-19000}
LOAD_WAIT=${BENCH_LOAD_WAIT:-0}
MAX_LOAD=${BENCH_MAX_LOAD:-1.0}
DOC=${BENCH_DOC-$ROOT/docs/benchmarks.md}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${BENCH_OUT:-$ROOT/bench/out/tls-$STAMP}
LOG_DIR=$OUT/logs
COMMAND_LINE=$(bench_command_line bench/tls-bench.sh)
BACKEND_PORT=$((PORT_BASE + 81)) PLAIN_PORT=$((PORT_BASE + 80)) TLS_PORT=$((PORT_BASE + 443))
HAPROXY_PORT=$((PORT_BASE + 444))
HZ=$(getconf CLK_TCK)
declare -A PID_OF=() WARMED=()

run_or_help "${BASH_SOURCE[0]}" "${1:-}"
command -v wrk >/dev/null || die "no wrk: apt-get install wrk"
command -v haproxy >/dev/null || die "no haproxy: apt-get install haproxy"
check_ports $BACKEND_PORT $PLAIN_PORT $TLS_PORT $HAPROXY_PORT $((PLAIN_PORT + 100)) $((TLS_PORT + 100))
jars_current edge-gateway || die "cannot run without current jars"
mkdir -p "$LOG_DIR" "$OUT/wrk"
stop_everything_on_exit

# The same certificate for the gateway and HAProxy (HAProxy wants certificate and key in one file).
java "$ROOT/test-support/src/main/java/io/edgeway/testsupport/LocalCa.java" "$OUT/tls" >/dev/null
cat "$OUT/tls/gateway.pem" "$OUT/tls/gateway-key.pem" >"$OUT/tls/haproxy.pem"

# start NAME COMMAND...: in the background, logged to NAME.log, tracked.
start() {
  local name=$1
  shift
  "$@" >"$LOG_DIR/$name.log" 2>&1 &
  PID_OF[$name]=$!
  track $!
}

# The gateway as it ships (its JVM options), with the demo routes and the one backend found without Eureka; without
# the public routes' default rate limit per client address, which would answer most of the load with 429.
gateway() {
  local name=$1 port=$2
  shift 2
  # shellcheck disable=SC2046
  start "$name" env SPRING_PROFILES_INCLUDE=demo PORT="$port" MANAGEMENT_PORT=$((port + 100)) "$@" \
    java $(jvm_options edge-gateway) -Xmx512m -jar "$(jar_of edge-gateway)" --server.address=$BIND \
    --spring.config.import=file:"$ROOT"/config-repo/edge-gateway.yml --spring.cloud.config.enabled=false \
    --eureka.client.enabled=false \
    --spring.cloud.discovery.client.simple.instances.sample-backend[0].uri=http://$BIND:$BACKEND_PORT \
    --edgeway.gateway.config-push.cache-file="$OUT/$name-config-cache.json" \
    --edgeway.gateway.public-routes.enabled=false
}

# The backend: the JDK's HTTP server answering a small JSON body (the same for every path; its CPU is not counted).
cat >"$OUT/Backend.java" <<'JAVA'
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

public class Backend {
    public static void main(String[] args) throws Exception {
        byte[] body = "{\"instance\":\"bench-backend\"}".getBytes();
        HttpServer server = HttpServer.create(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 512);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
JAVA

log "Starting the backend, two gateways (plain, TLS) and HAProxy (TLS, in front of the plain gateway)..."
start backend java -Xmx256m -Dsun.net.httpserver.nodelay=true "$OUT/Backend.java" $BIND $BACKEND_PORT
gateway gateway-plain $PLAIN_PORT
gateway gateway-tls $TLS_PORT EDGEWAY_GATEWAY_TLS_ENABLED=true EDGEWAY_GATEWAY_TLS_CERTIFICATE="$OUT/tls/gateway.pem" \
  EDGEWAY_GATEWAY_TLS_PRIVATEKEY="$OUT/tls/gateway-key.pem"
cat >"$OUT/haproxy.cfg" <<CFG
global
    nbthread 2
    ssl-default-bind-options ssl-min-ver TLSv1.2
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    option http-keep-alive
frontend tls
    bind $BIND:$HAPROXY_PORT ssl crt $OUT/tls/haproxy.pem alpn h2,http/1.1
    default_backend gateway
backend gateway
    server gw $BIND:$PLAIN_PORT
CFG
start haproxy haproxy -db -f "$OUT/haproxy.cfg"
wait_http backend "http://$BIND:$BACKEND_PORT/id" 'instance'
wait_http gateway-plain "http://$BIND:$PLAIN_PORT/hello/id" 'instance'
wait_http gateway-tls "https://$BIND:$TLS_PORT/hello/id" 'instance' --cacert "$OUT/tls/ca.pem"
wait_http haproxy "https://$BIND:$HAPROXY_PORT/hello/id" 'instance' --cacert "$OUT/tls/ca.pem"
curl -sS -o /dev/null -w '%{http_version}' --cacert "$OUT/tls/ca.pem" "https://$BIND:$TLS_PORT/hello/id" \
  >"$OUT/gateway-tls-http-version.txt"

url_of() {
  case $1 in
    http-gateway) echo "http://$BIND:$PLAIN_PORT/hello/id" ;;
    https-gateway) echo "https://$BIND:$TLS_PORT/hello/id" ;;
    https-haproxy) echo "https://$BIND:$HAPROXY_PORT/hello/id" ;;
  esac
}
# The processes whose CPU a path costs: the TLS end and the gateway behind it (the backend is the same for all).
pids_of() {
  case $1 in
    http-gateway) echo "${PID_OF[gateway-plain]}" ;;
    https-gateway) echo "${PID_OF[gateway-tls]}" ;;
    https-haproxy) echo "${PID_OF[haproxy]} ${PID_OF[gateway-plain]}" ;;
  esac
}
ticks() {
  local total=0 p
  for p in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo $total
}
wrk_run() {
  local path=$1 mode=$2 seconds=$3 out=$4 header=()
  if [[ $mode == new-connection ]]; then header=(-H "Connection: close"); fi
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency ${header[@]+"${header[@]}"} "$(url_of "$path")" >"$out" 2>&1
}

PATHS=(http-gateway https-gateway https-haproxy)
MODES=(keep-alive new-connection)
# warm_up PATH MODE: WARMUP seconds at a time until WARMUP_REQUESTS requests went through (at most WARMUP_RUNS times).
# A warm-up by time alone measured a cold HTTPS gateway: at a few dozen requests/s during its warm-up it had seen under
# a thousand requests when measured (the plain one tens of thousands), and the JDK's TLS and crypto code (Java, with
# AES-GCM and EC intrinsics only in compiled code) runs several times slower interpreted; the slower it ran the fewer
# requests it saw, so it stayed cold through all rounds (8x the CPU per request of HTTP, about 1.1x once warm). 20,000 was
# not enough on a loaded machine (the compiler threads get little CPU): the first round still ran at 2x.
warm_up() {
  local path=$1 mode=$2 i total=0 f
  for ((i = 1; i <= WARMUP_RUNS; i++)); do
    f=$OUT/wrk/warmup-$path-$mode-$i.txt
    wrk_run "$path" "$mode" "$WARMUP" "$f"
    total=$((total + $(awk '/requests in/ {print $1}' "$f")))
    ((total < WARMUP_REQUESTS)) || break
  done
  WARMED[$path $mode]="$total in $((i < WARMUP_RUNS ? i : WARMUP_RUNS))x${WARMUP}s"
  log "  warm-up $path $mode: ${WARMED[$path $mode]}"
}
log "Warming up every path and mode (${WARMUP}s at a time until $WARMUP_REQUESTS requests, at most $WARMUP_RUNS times)..."
for path in "${PATHS[@]}"; do
  for mode in "${MODES[@]}"; do warm_up "$path" "$mode"; done
done

# measured_run PATH MODE FILE: one wrk run, with the CPU ticks of the processes that path costs around it (t0, t1)
measured_run() {
  # shellcheck disable=SC2046
  t0=$(ticks $(pids_of "$1"))
  wrk_run "$1" "$2" "$DURATION" "$3"
  # shellcheck disable=SC2046
  t1=$(ticks $(pids_of "$1"))
}

wait_for_quiet_machine
cpu_init "$OUT/cpu"
printf 'round\tpath\tmode\trps\tp50_ms\tp99_ms\terrors\tcpu_us_per_request\tneighbours_ms_s\tcpu_flag\n' \
  >"$OUT/results.tsv"
for ((r = 1; r <= ROUNDS; r++)); do
  for ((i = 0; i < ${#PATHS[@]}; i++)); do
    path=${PATHS[$(((i + r) % ${#PATHS[@]}))]}
    for mode in "${MODES[@]}"; do
      f=$OUT/wrk/round$r-$path-$mode.txt
      cpu_round "$path-$mode" "$r" measured_run "$path" "$mode" "$f"
      requests=$(awk '/requests in/ {print $1}' "$f")
      rps=$(awk '/^Requests\/sec/ {print $2}' "$f")
      p50=$(awk '$1 == "50%" {print $2}' "$f")
      p99=$(awk '$1 == "99%" {print $2}' "$f")
      errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$f")
      cpu=$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v n="$requests" 'BEGIN {printf "%.0f", n ? t / hz * 1e6 / n : 0}')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$path" "$mode" "$rps" "$p50" "$p99" "$errors" "$cpu" \
        "$(cpu_neighbours "$path-$mode" "$r")" "$(cpu_flag "$path-$mode" "$r")" >>"$OUT/results.tsv"
      log "  round $r $path $mode: $rps req/s, p50 $p50, p99 $p99, errors $errors, ${cpu} us CPU/request," \
        "neighbours $(cpu_neighbours "$path-$mode" "$r") ms/s$(cpu_flag "$path-$mode" "$r")"
    done
  done
done

# The summary: medians over the rounds, and each HTTPS path as a share of plain HTTP.
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
col() { awk -F'\t' -v p="$1" -v m="$2" -v c="$3" '$2 == p && $3 == m {print $c}' "$OUT/results.tsv" | median; }
{
  echo
  echo "## TLS at the edge: HTTP vs HTTPS through the gateway, and HAProxy ending TLS ($STAMP)"
  echo
  echo "Command: \`$COMMAND_LINE\` (wrk -t$THREADS -c$CONNECTIONS, ${DURATION}s per run, $ROUNDS interleaved rounds," \
    "medians; load at start: $LOAD_AT_START). Route /hello/id to one backend (the JDK's HTTP server); the gateway as it ships" \
    "(jvm/edge-gateway.options). HTTPS: TLS 1.3, EC P-256 certificate from LocalCa, the same file for both;" \
    "wrk speaks HTTP/1.1 (curl got HTTP/$(cat "$OUT/gateway-tls-http-version.txt") from the gateway by ALPN)." \
    "CPU per request: the gateway's (HAProxy path: HAProxy's plus the plain gateway's) utime+stime over the run." \
    "Warm-up requests per path and mode: $(for p in "${PATHS[@]}"; do for m in "${MODES[@]}"; do
      printf '%s %s %s; ' "$p" "$m" "${WARMED[$p $m]}"; done; done | sed 's/; $//')."
  echo
  echo "| path | connections | req/s | ÷ HTTP | p50 | p99 | errors | CPU µs/request |"
  echo "|---|---|---|---|---|---|---|---|"
  for mode in "${MODES[@]}"; do
    base=$(col http-gateway "$mode" 4)
    for path in "${PATHS[@]}"; do
      rps=$(col "$path" "$mode" 4)
      printf '| %s | %s | %.0f | %.2f | %s | %s | %s | %s |\n' "$path" "$mode" "$rps" \
        "$(awk -v a="$rps" -v b="$base" 'BEGIN {print b ? a / b : 0}')" \
        "$(awk -F'\t' -v p="$path" -v m="$mode" '$2 == p && $3 == m {print $5}' "$OUT/results.tsv" | paste -sd/)" \
        "$(awk -F'\t' -v p="$path" -v m="$mode" '$2 == p && $3 == m {print $6}' "$OUT/results.tsv" | paste -sd/)" \
        "$(awk -F'\t' -v p="$path" -v m="$mode" '$2 == p && $3 == m {n += $7} END {print n + 0}' "$OUT/results.tsv")" \
        "$(col "$path" "$mode" 8)"
    done
  done
  echo
  echo "p50 and p99: each round's, in order. Raw output: \`${OUT#"$ROOT"/}\`."
  echo
  echo "CPU of every process on the machine during the measured runs (median ms/s per path and mode):"
  echo
  cpu_summary
} >"$OUT/summary.md"
cat "$OUT/summary.md"
# A run in which requests failed (or were refused) measured something else: it is kept in OUT, never published.
failed=$(awk -F'\t' 'NR > 1 {n += $7} END {print n + 0}' "$OUT/results.tsv")
if ((failed > 0)); then die "$failed requests failed or were refused (non-2xx or socket errors): not published"; fi
if [[ -n $DOC ]]; then cat "$OUT/summary.md" >>"$DOC"; log "Appended to $DOC"; fi

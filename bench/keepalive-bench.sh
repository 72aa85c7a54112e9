#!/usr/bin/env bash
# Stale pooled connections: POSTs through the gateway to a sample-backend whose Tomcat keep-alive is short, in bursts
# with pauses drawn around that keep-alive, where the backend closes idle connections as the gateway sends on them.
#
#   bench/keepalive-bench.sh BASE.jar     two gateways side by side on the same backend, BASE.jar (say, main's
#                                         edge-gateway.jar, whose pool kept idle connections forever) and the work
#                                         tree's build with its pool idle time scaled to the backend's keep-alive;
#                                         one client each, at the same time; prints POSTs and failures per gateway
#
# Settings (environment, all optional):
#   BENCH_KEEP_ALIVE=1s       the backend's server.tomcat.keep-alive-timeout
#   BENCH_IDLE=500ms          the new gateway's pool max-idle-time (README rule: below the backend's keep-alive)
#   BENCH_BURSTS=100  BENCH_BURST_SIZE=8   bursts per gateway, concurrent POSTs per burst
#   BENCH_PAUSE_MS="1000 2200"             pauses between bursts, uniform in [min, max] ms (Tomcat checks idle
#                                          connections about once a second, so it closes them between 1 and 2 s)
#   BENCH_PORT_BASE=29000     base gateway +80, new gateway +82, backend +81
#   BENCH_NEW_JAR, BENCH_BACKEND_JAR      other jars than the work tree's edge-gateway and sample-backend (built if
#                                         missing or stale); every jar is copied into the output folder and run there
# Traffic goes to 127.0.0.1 only. Every process the script starts is stopped on exit, Ctrl-C or error.
set -Eeuo pipefail

# shellcheck source=bench/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[[ ${1:-} == help || -z ${1:-} ]] && { print_help "$0"; exit 2; }
BASE_JAR=$(realpath "$1")
[[ -f $BASE_JAR ]] || die "no such jar: $1"

PORT_BASE=${BENCH_PORT_BASE:-29000}
KEEP_ALIVE=${BENCH_KEEP_ALIVE:-1s}
IDLE=${BENCH_IDLE:-500ms}
BURSTS=${BENCH_BURSTS:-100}
BURST_SIZE=${BENCH_BURST_SIZE:-8}
read -r PAUSE_MIN PAUSE_MAX <<<"${BENCH_PAUSE_MS:-1000 2200}"
BASE_PORT=$((PORT_BASE + 80)) NEW_PORT=$((PORT_BASE + 82)) BACKEND_PORT=$((PORT_BASE + 81))
OUT=$(mktemp -d /tmp/edgeway-keepalive-bench.XXXXXX)
LOG_DIR=$OUT
declare -A PID_OF
stop_everything_on_exit
check_ports "$BASE_PORT" "$NEW_PORT" "$BACKEND_PORT"
if [[ -z ${BENCH_NEW_JAR:-} || -z ${BENCH_BACKEND_JAR:-} ]]; then jars_current edge-gateway sample-backend; fi
# Copies: a build during the run must not rewrite a jar a JVM is reading.
cp "$BASE_JAR" "$OUT/base.jar"
cp "${BENCH_NEW_JAR:-$(jar_of edge-gateway)}" "$OUT/new.jar"
cp "${BENCH_BACKEND_JAR:-$(jar_of sample-backend)}" "$OUT/backend.jar"

start() {
  local name=$1 jar=$2
  shift 2
  java -Xmx256m -XX:TieredStopAtLevel=1 -jar "$jar" --spring.profiles.include=demo --spring.cloud.config.enabled=false \
    "$@" >"$LOG_DIR/$name.log" 2>&1 &
  PID_OF[$name]=$!
  track $!
}

gateway() {
  local name=$1 jar=$2 port=$3
  shift 3
  # A registry nobody runs: the backend is a static instance; config push polls a closed port.
  start "$name" "$jar" --server.port="$port" --eureka.client.enabled=false \
    --spring.config.import="file:$BENCH_ROOT/config-repo/edge-gateway.yml" \
    "--spring.cloud.discovery.client.simple.instances.sample-backend[0].uri=http://$BIND:$BACKEND_PORT" \
    --edgeway.gateway.public-routes.enabled=false --edgeway.gateway.outlier.enabled=false \
    --edgeway.gateway.config-push.server-uri="http://$BIND:$((PORT_BASE + 9))" "$@"
}

log "Backend: sample-backend, keep-alive $KEEP_ALIVE, port $BACKEND_PORT; output in $OUT"
start backend "$OUT/backend.jar" --server.address="$BIND" --server.port="$BACKEND_PORT" \
  --server.tomcat.keep-alive-timeout="$KEEP_ALIVE" \
  --eureka.client.service-url.defaultZone="http://$BIND:$((PORT_BASE + 9))/eureka/"
gateway base "$OUT/base.jar" "$BASE_PORT"
gateway new "$OUT/new.jar" "$NEW_PORT" \
  --spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time="$IDLE"
wait_http backend "http://$BIND:$BACKEND_PORT/id" instanceId
wait_http base "http://$BIND:$BASE_PORT/hello/id" instanceId
wait_http new "http://$BIND:$NEW_PORT/hello/id" instanceId

log "$BURSTS bursts of $BURST_SIZE POSTs per gateway, pauses ${PAUSE_MIN}-${PAUSE_MAX} ms, both at once"
client() {
  java "$BENCH_ROOT/bench/KeepAlivePosts.java" "http://$BIND:$1/hello/id" "$BURSTS" "$BURST_SIZE" "$PAUSE_MIN" \
    "$PAUSE_MAX" "$2" >"$OUT/$3.txt" 2>&1
}
client "$BASE_PORT" 1 base &
base_client=$!
client "$NEW_PORT" 2 new &
new_client=$!
wait "$base_client" "$new_client"

for arm in base new; do
  printf '%-5s %s   (%s)\n' "$arm" "$(tail -n 1 "$OUT/$arm.txt")" \
    "$(grep -A2 '500 Server Error' "$LOG_DIR/$arm.log" | grep -o 'PrematureCloseException: [^,]*' | sort | uniq -c | tr -s ' ' | xargs || true)"
done

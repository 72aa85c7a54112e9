#!/usr/bin/env bash
# Benchmarks the edge gateway on this machine: throughput and latency through the gateway against calls straight
# to the backend, then discovery timing (an instance joining, a graceful stop, a crash).
#
#   bench/gateway-bench.sh     build the jars if missing, run everything (about 5-6 minutes at the defaults),
#                              print a Markdown summary and append it to docs/benchmarks.md
#
# Settings (environment, all optional):
#   BENCH_ROUNDS=5            interleaved rounds of direct vs gateway (order alternates every round)
#   BENCH_DURATION=10         seconds per wrk run          BENCH_WARMUP=10   seconds of warm-up per path, repeated
#   BENCH_WARMUP_REQUESTS=20000  ... until this many requests went through that path (at most 6 times)
#   BENCH_THREADS=2           wrk -t                        BENCH_CONNECTIONS=32   wrk -c
#   BENCH_TRIALS=3            join + graceful-stop trials (a new backend instance each)
#   BENCH_LOAD_CLIENTS=4      parallel curl loops that carry the load during the stop / crash tests
#   BENCH_PORT_BASE=18000     config +888, Eureka +761, gateway +80, backends +81 +82, joining backends +83...;
#                             each service's actuator on its port +100 (health: /readyz on its own port)
#   BENCH_LOAD_WAIT=0         wait up to this many seconds for the 1-minute load to drop below BENCH_MAX_LOAD (1.0)
#   BENCH_DOC=<repo>/docs/benchmarks.md   file the summary is appended to (empty: none)
#   BENCH_OUT=<repo>/bench/out/<UTC time> logs, raw wrk output and the summary of this run
#   BENCH_GATEWAY_JAVA_OPTS="<jvm/edge-gateway.options> -Xmx512m"  the gateway, as it ships
#   BENCH_APP_JAVA_OPTS="-Xms256m -Xmx512m"  the backends (full JIT: the baseline)
#   BENCH_INFRA_JAVA_OPTS="<jvm/service.options> -Xmx256m"  config and discovery servers, as they ship
#   BENCH_START_TIMEOUT=180   seconds a service (other than the gateway) may take to answer its health check
#   BENCH_NEIGHBOUR_BUDGET=50 a measured round in which processes this script did not start used more CPU than this
#                             (ms per second, all together) is flagged and run again ...
#   BENCH_NEIGHBOUR_REPEATS=2 ... up to this many times, then kept, flagged (bench/lib/cpu.sh; discovery trials and
#                             the crash are recorded and flagged, never repeated)
# Traffic goes to 127.0.0.1 only. Every process the script starts is stopped on exit, Ctrl-C or error.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"
GATEWAY_JAVA_OPTS=${BENCH_GATEWAY_JAVA_OPTS:-$(jvm_options edge-gateway) -Xmx512m}
INFRA_JAVA_OPTS=${BENCH_INFRA_JAVA_OPTS:-$(jvm_options config-server) -Xmx256m}
COMMAND_LINE=$(bench_command_line bench/gateway-bench.sh)
ROUNDS=${BENCH_ROUNDS:-5}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-10}
WARMUP_REQUESTS=${BENCH_WARMUP_REQUESTS:-20000}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
TRIALS=${BENCH_TRIALS:-3}
LOAD_CLIENTS=${BENCH_LOAD_CLIENTS:-4}
PORT_BASE=${BENCH_PORT_BASE:-18000}
LOAD_WAIT=${BENCH_LOAD_WAIT:-0}
MAX_LOAD=${BENCH_MAX_LOAD:-1.0}
DOC=${BENCH_DOC-$ROOT/docs/benchmarks.md}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${BENCH_OUT:-$ROOT/bench/out/$STAMP}
APP_JAVA_OPTS=${BENCH_APP_JAVA_OPTS:--Xms256m -Xmx512m}
START_TIMEOUT=${BENCH_START_TIMEOUT:-180}
GOAL=0.65

BIND=127.0.0.1
CONFIG_PORT=$((PORT_BASE + 888)) DISCOVERY_PORT=$((PORT_BASE + 761)) GATEWAY_PORT=$((PORT_BASE + 80))
BACKEND1_PORT=$((PORT_BASE + 81)) BACKEND2_PORT=$((PORT_BASE + 82)) JOIN_PORT_BASE=$((PORT_BASE + 83))
# The actuator's own port (README, "URLs"), within the same block of 1000 as the traffic ports.
MANAGEMENT_OFFSET=100

# Demo secrets, as run.sh's, under the demo profile that alone accepts them (README, "Secrets"). Each service sends
# its own registry credential (demo defaults on both sides); the bench reads as the reader.
export EUREKA_READER_PASSWORD=${EUREKA_READER_PASSWORD:-demo-eureka-reader-secret}
export CONFIG_SERVER_PASSWORD=${CONFIG_SERVER_PASSWORD:-demo-config-secret}
export OPERATOR_PASSWORD=${OPERATOR_PASSWORD:-demo-operator-secret}
export SPRING_PROFILES_INCLUDE=demo
export CONFIG_SERVER_URL=http://$BIND:$CONFIG_PORT
export EUREKA_URL=http://$BIND:$DISCOVERY_PORT/eureka/
EUREKA_APP_URL=http://$BIND:$DISCOVERY_PORT/eureka/apps/SAMPLE-BACKEND
GW=http://$BIND:$GATEWAY_PORT
GW_MANAGEMENT=http://$BIND:$((GATEWAY_PORT + MANAGEMENT_OFFSET))

LOG_DIR=$OUT/logs
TMP_DIR=""
declare -A PID_OF=() LAUNCHED_AT=() WARMED=()

# Processes: every PID this script starts is tracked (common.sh) and stopped on exit.
before_stop() { [[ -d $OUT/stop ]] && touch "$OUT"/stop/all 2>/dev/null; }
after_stop() {
  [[ -n $TMP_DIR ]] && rm -rf "$TMP_DIR"
  (($1 == 0)) || log "Exited with status $1; logs are in $OUT"
}

# start_java NAME MODULE PORT JAVA_OPTS [ENV=VALUE ...]
start_java() {
  local name=$1 module=$2 port=$3 opts=$4
  shift 4
  LAUNCHED_AT[$name]=$EPOCHREALTIME
  # shellcheck disable=SC2086
  env PORT="$port" MANAGEMENT_PORT=$((port + MANAGEMENT_OFFSET)) "$@" java $opts -jar "$TMP_DIR/$module.jar" \
    --server.address=$BIND --eureka.instance.ip-address=$BIND --eureka.instance.hostname=$BIND \
    >"$LOG_DIR/$name.log" 2>&1 &
  PID_OF[$name]=$!
  track $!
  log "Started $name (pid $!, port $port)"
}

# One start, like any other service: a start-up that hangs or fails is a regression to see, never retried.
# The public route is measured without policy (one load generator plays every client; the per-address defaults of public
# routes would refuse nearly all of it).
GATEWAY_ENV=(EDGEWAY_GATEWAY_PUBLICROUTES_ENABLED=false)
start_gateway() {
  start_java edge-gateway edge-gateway "$GATEWAY_PORT" "$GATEWAY_JAVA_OPTS${GATEWAY_EXTRA_OPTS:+ $GATEWAY_EXTRA_OPTS}" \
    "${GATEWAY_ENV[@]}"
  wait_http edge-gateway "$GW/readyz" '"UP"'
}

# ---------------------------------------------------------------------------------------------------------------
# Small measurement helpers.

ms_between() { report ms-between "$1" "$2"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# machine-wide: "busy steal total" jiffies
machine_ticks() { awk '$1 == "cpu" {t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, $9, t; exit}' /proc/stat; }
# instance_id: the instanceId in the JSON on stdin
instance_id() { grep -o '"instanceId":"[^"]*"' | head -n 1 | cut -d'"' -f4; }
instance_id_of() {
  local id="" deadline=$((SECONDS + 30))
  until id=$(curl -fsS --max-time 5 "http://$BIND:$1/id" | instance_id) && [[ -n $id ]]; do
    ((SECONDS < deadline)) || die "no instanceId from http://$BIND:$1/id within 30s"
    sleep 0.2
  done
  echo "$id"
}
gateway_id() { curl -s --max-time 2 "$GW/hello/id" | instance_id || echo "-"; }
eureka_json() { curl -s --max-time 2 -u "reader:$EUREKA_READER_PASSWORD" -H 'Accept: application/json' "$@"; }
# eureka_absent ID: Eureka answers, and not with that instance (404: the application has no instance at all)
eureka_absent() {
  local r code
  r=$(eureka_json -w '\n%{http_code}' "$EUREKA_APP_URL" 2>/dev/null) || true
  code=${r##*$'\n'}
  [[ $code == 404 || ($code == 200 && ${r%$'\n'*} != *"\"instanceId\":\"$1\""*) ]]
}
# gateway_only ID N: the next N requests through the gateway all answered by ID
gateway_only() {
  local i
  for ((i = 0; i < $2; i++)); do [[ $(gateway_id) == "$1" ]] || return 1; done
}
gateway_sees() {
  local i
  for ((i = 0; i < 20; i++)); do [[ $(gateway_id) == "$1" ]] && return 0; done
  return 1
}

# poller METHOD URL OUT STOPFILE MAXSECS MAXREQ: a bounded request loop; one line per request:
#   <sent epoch> <answered epoch> <body> <http code> <curl time_total>
poller() {
  local method=$1 url=$2 out=$3 stop=$4 deadline=$((SECONDS + $5)) max=$6 n=0 t0 r data=()
  [[ $method == POST ]] && data=(--data '')
  while [[ ! -e $stop && ! -e $OUT/stop/all ]] && ((SECONDS < deadline && n < max)); do
    t0=$EPOCHREALTIME
    r=$(curl -s -X "$method" "${data[@]}" --max-time 5 -w ' %{http_code} %{time_total}' "$url" 2>/dev/null) || true
    printf '%s %s %s\n' "$t0" "$EPOCHREALTIME" "${r//$'\n'/}" >>"$out"
    n=$((n + 1))
  done
}

# eureka_poller OUT STOPFILE MAXSECS: the SAMPLE-BACKEND registry about 15 times a second; <epoch>\t<code>\t<json>
eureka_poller() {
  local out=$1 stop=$2 deadline=$((SECONDS + $3)) t0 r body
  while [[ ! -e $stop && ! -e $OUT/stop/all ]] && ((SECONDS < deadline)); do
    t0=$EPOCHREALTIME
    r=$(eureka_json -w '\n%{http_code}' "$EUREKA_APP_URL" 2>/dev/null) || true
    body=${r%$'\n'*} body=${body//[$'\n\t']/}
    printf '%s\t%s\t%s\n' "$t0" "${r##*$'\n'}" "$body" >>"$out"
    sleep 0.05
  done
}

# first_eureka POLLS ID CONDITION AFTER: first poll time >= AFTER where ID is UP / not-up / absent
first_eureka() { report registry-first "$1" "$2" "$3" "$4"; }

# The loops' requests, and the 2xx answers after epoch T, in the loops' files.
count_lines() { report polls count "$@"; }
count_2xx_after() { local t=$1; shift; report polls ok-after "$t" "$@"; }

# load_start NAME METHOD CLIENTS: starts CLIENTS pollers on the gateway's /hello/id; sets LOAD_PIDS and LOAD_FILES
load_start() {
  local name=$1 method=$2 clients=$3 i
  LOAD_PIDS=() LOAD_FILES=() LOAD_STOP=$OUT/stop/$name
  for ((i = 1; i <= clients; i++)); do
    LOAD_FILES+=("$OUT/discovery/$name.$i.log")
    : >"$OUT/discovery/$name.$i.log"
    poller "$method" "$GW/hello/id" "$OUT/discovery/$name.$i.log" "$LOAD_STOP" 180 20000 &
    LOAD_PIDS+=($!)
    track $!
  done
}
load_stop() {
  local p
  touch "$LOAD_STOP"
  for p in "${LOAD_PIDS[@]}"; do reap "$p"; done
}
# at_least N FILES...: at least N requests answered in FILES
at_least() { local n=$1; shift; (($(count_lines "$@") >= n)); }
# answered_after T N FILES...: at least N 2xx answers after epoch T
answered_after() { local t=$1 n=$2; shift 2; (($(count_2xx_after "$t" "$@") >= n)); }
elapsed_at_least() { awk -v a="$1" -v s="$2" -v b="$EPOCHREALTIME" 'BEGIN {exit !(b - a >= s)}'; }
log_time() { report log-time "$1" "$2"; } # first log line of FILE matching REGEX -> epoch seconds

# ---------------------------------------------------------------------------------------------------------------

install_prerequisites() {
  local cmd pkgs=() sudo=()
  declare -A pkg_of=([wrk]=wrk [curl]=curl [git]=git [java]=openjdk-17-jdk-headless [jcmd]=openjdk-17-jdk-headless)
  for cmd in wrk curl git java jcmd; do
    command -v "$cmd" >/dev/null || pkgs+=("${pkg_of[$cmd]}")
  done
  ((${#pkgs[@]})) || return 0
  (($(id -u) == 0)) || sudo=(sudo)
  log "Installing missing Debian packages: ${pkgs[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${pkgs[@]}" >/dev/null
}

# Jars as bench/lib/jars.sh builds them, copied so that a rebuild in the work tree during the run cannot swap a jar
# under a running JVM.
build_if_missing() {
  local module
  jars_current config-server discovery-server sample-backend edge-gateway
  for module in config-server discovery-server sample-backend edge-gateway; do
    cp "$ROOT/$module/target/$module.jar" "$TMP_DIR/$module.jar"
  done
}

bench_ports() {
  local ports=($CONFIG_PORT $DISCOVERY_PORT $GATEWAY_PORT $BACKEND1_PORT $BACKEND2_PORT
    $(seq "$JOIN_PORT_BASE" $((JOIN_PORT_BASE + TRIALS - 1))))
  check_ports "${ports[@]}" $(for port in "${ports[@]}"; do echo $((port + MANAGEMENT_OFFSET)); done)
}

config_git_repo() {
  local repo=$OUT/config-git
  mkdir -p "$repo" && cp -R "$ROOT/config-repo/." "$repo/"
  # A script that sources this one may change its throw-away copy first (say, raise a rate limit).
  if declare -F edit_config_repo >/dev/null; then edit_config_repo "$repo"; fi
  git -C "$repo" init -q -b main
  git -C "$repo" -c user.name=bench -c user.email=bench@localhost add -A
  git -C "$repo" -c user.name=bench -c user.email=bench@localhost commit -q -m "config-repo snapshot"
  export CONFIG_GIT_URI=file:$repo CONFIG_GIT_LABEL=main CONFIG_GIT_SEARCH_PATHS=
}

start_stack() {
  start_java config-server config-server "$CONFIG_PORT" "$INFRA_JAVA_OPTS"
  # Its own URL as the only peer: otherwise the default (localhost:8761) would make it replicate to whatever
  # Eureka runs there, such as a stack started by run.sh.
  start_java discovery-server discovery-server "$DISCOVERY_PORT" "$INFRA_JAVA_OPTS" \
    SPRING_APPLICATION_JSON="{\"eureka\":{\"client\":{\"service-url\":{\"defaultZone\":\"$EUREKA_URL\"}}}}"
  wait_http config-server "http://$BIND:$CONFIG_PORT/readyz" '"UP"'
  wait_http discovery-server "http://$BIND:$DISCOVERY_PORT/readyz" '"UP"'
  # Only backend-1 for the throughput phase; backend-2 joins after it (start_backend2).
  start_java backend-1 sample-backend "$BACKEND1_PORT" "$APP_JAVA_OPTS" INSTANCE_VERSION=v1 INSTANCE_ZONE=zone-a \
    ${BACKEND_ENV[@]+"${BACKEND_ENV[@]}"}
  wait_http backend-1 "http://$BIND:$BACKEND1_PORT/readyz" '"UP"'
  # Last, as run.sh does: it is the process under test and starts in less contention.
  start_gateway
  ID1=$(instance_id_of "$BACKEND1_PORT")
  until_true 60 "the gateway to route to $ID1" gateway_sees "$ID1"
  log "Stack up after ${SECONDS}s: backend $ID1 behind the gateway"
}

start_backend2() {
  start_java backend-2 sample-backend "$BACKEND2_PORT" "$APP_JAVA_OPTS" INSTANCE_VERSION=v1 INSTANCE_ZONE=zone-b
  wait_http backend-2 "http://$BIND:$BACKEND2_PORT/readyz" '"UP"'
  ID2=$(instance_id_of "$BACKEND2_PORT")
  until_true 60 "the gateway to route to $ID2" gateway_sees "$ID2"
  log "Second backend $ID2 behind the gateway"
}

# ---------------------------------------------------------------------------------------------------------------
# Phase 1: throughput and latency, gateway -> backend-1 only vs direct to backend-1.

wrk_run() { # URL SECONDS OUTFILE
  wrk -t"$THREADS" -c"${WRK_CONNECTIONS:-$CONNECTIONS}" -d"$2"s --latency ${WRK_ARGS[@]+"${WRK_ARGS[@]}"} "$1" >"$3" 2>&1 &
  local pid=$!
  track "$pid"
  wait "$pid" || die "wrk failed: $(tail -n 3 "$3")"
  untrack "$pid"
}

# parse_wrk FILE -> "req/s p50-ms p99-ms requests non-2xx socket-errors"
parse_wrk() { report wrk "$1"; }

# warm_up NAME URL: WARMUP seconds at a time until WARMUP_REQUESTS requests have gone through (at most 6 times), so
# that the JIT sees as many requests on a slow path (or a busy machine) as on a fast one.
warm_up() {
  local name=$1 url=$2 i total=0 req
  for ((i = 1; i <= 6; i++)); do
    wrk_run "$url" "$WARMUP" "$OUT/wrk/warmup-$name-$i.txt"
    read -r _ _ _ req _ _ < <(parse_wrk "$OUT/wrk/warmup-$name-$i.txt")
    total=$((total + req))
    ((total < WARMUP_REQUESTS)) || break
  done
  WARMED[$name]="$total requests in $((i < 6 ? i : 6)) x ${WARMUP}s"
  log "Warm-up $name: ${WARMED[$name]}"
}

# throughput_run URL OUTFILE: one wrk run, with the CPU ticks of the gateway, the backend and the machine around it
# (in throughput_phase's variables).
throughput_run() {
  gw0=$(cpu_ticks "${PID_OF[edge-gateway]}") be0=$(cpu_ticks "${PID_OF[backend-1]}") m0=$(machine_ticks)
  wrk_run "$1" "$DURATION" "$2"
  gw1=$(cpu_ticks "${PID_OF[edge-gateway]}") be1=$(cpu_ticks "${PID_OF[backend-1]}") m1=$(machine_ticks)
}

throughput_phase() {
  local r path url order f gw0 be0 m0 gw1 be1 m1 res rps req busy steal hz
  hz=$(getconf CLK_TCK)
  mkdir -p "$OUT/wrk"
  log "Throughput: direct to $ID1 vs through the gateway, which has only $ID1 to route to"
  until_true 30 "the gateway to answer from $ID1 only" gateway_only "$ID1" 10

  warm_up direct "http://$BIND:$BACKEND1_PORT/id"
  warm_up gateway "$GW/hello/id"

  printf 'round\tpath\treq_s\tp50_ms\tp99_ms\trequests\tnon2xx\tsocket_errors\tgw_cpu_us_req\tbackend_cpu_us_req\tmachine_busy_pct\tsteal_pct\tneighbours_ms_s\tcpu_flag\n' \
    >"$OUT/throughput.tsv"
  for ((r = 1; r <= ROUNDS; r++)); do
    if ((r % 2)); then order=(direct gateway); else order=(gateway direct); fi
    for path in "${order[@]}"; do
      [[ $path == direct ]] && url="http://$BIND:$BACKEND1_PORT/id" || url="$GW/hello/id"
      f=$OUT/wrk/round$r-$path.txt
      cpu_round "$path" "$r" throughput_run "$url" "$f"
      res=$(parse_wrk "$f")
      read -r rps _ _ req _ _ <<<"$res"
      read -r busy steal < <(report machine-busy "$m0" "$m1")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$path" "$(tr ' ' '\t' <<<"$res")" \
        "$(report us-per-request $((gw1 - gw0)) "$req" "$hz")" "$(report us-per-request $((be1 - be0)) "$req" "$hz")" \
        "$busy" "$steal" "$(cpu_neighbours "$path" "$r")" "$(cpu_flag "$path" "$r")" >>"$OUT/throughput.tsv"
      log "  round $r $path: $rps req/s (p50/p99 ms: $(cut -d' ' -f2-3 <<<"$res"), machine busy ${busy}%, neighbours $(cpu_neighbours "$path" "$r") ms/s)"
    done
  done

  # Which transport the gateway's reactor-netty event loops use (epoll, io_uring or nio).
  jcmd "${PID_OF[edge-gateway]}" Thread.print >"$OUT/gateway-threads.txt" 2>&1 || true
  REACTOR_THREADS=$(grep -o '"reactor-http-[^"]*"' "$OUT/gateway-threads.txt" | tr -d '"' | sort -V | uniq | paste -sd' ' || true)
  case $REACTOR_THREADS in
    *io_uring* | *iouring*) TRANSPORT=io_uring ;;
    *epoll*) TRANSPORT=epoll ;;
    *nio*) TRANSPORT="nio (JDK selector)" ;;
    *) TRANSPORT="unknown (no reactor-http threads found)" ;;
  esac
  log "Gateway reactor threads: ${REACTOR_THREADS:-none} -> $TRANSPORT"

}

# ---------------------------------------------------------------------------------------------------------------
# Phase 2a: a new instance joins (then leaves with SIGTERM under POST load); phase 2b: kill -9 under GET load.

# join_trial T: the measured part of a trial; what join_record needs afterwards goes to JOIN_* (the analysis runs
# after the round, so that its JVMs are not counted in the trial's CPU).
join_trial() {
  local t=$1 port=$((JOIN_PORT_BASE + $1 - 1)) name="joiner-$1" stop gw_pid eu_pid gwlog eulog id t_term deadline
  gwlog=$OUT/discovery/join$t-gateway.log eulog=$OUT/discovery/join$t-eureka.log stop=$OUT/stop/join$t
  : >"$gwlog"
  : >"$eulog"
  poller GET "$GW/hello/id" "$gwlog" "$stop" 240 100000 &
  gw_pid=$!
  track $gw_pid
  eureka_poller "$eulog" "$stop.eureka" 300 &
  eu_pid=$!
  track $eu_pid
  start_java "$name" sample-backend "$port" "$APP_JAVA_OPTS" INSTANCE_VERSION=v1 INSTANCE_ZONE=zone-c
  wait_http "$name" "http://$BIND:$port/readyz" '"UP"'
  id=$(instance_id_of "$port")
  until_true 60 "a gateway response from $id" grep -qF "\"instanceId\":\"$id\"" "$gwlog"
  touch "$stop"
  reap $gw_pid

  # Graceful stop of the same instance while POSTs (never retried) flow through the gateway.
  load_start "term$t" POST "$LOAD_CLIENTS"
  until_true 30 "POST load to flow" at_least $((10 * LOAD_CLIENTS)) "${LOAD_FILES[@]}"
  t_term=$EPOCHREALTIME
  signal TERM "${PID_OF[$name]}"
  deadline=$((SECONDS + 60))
  while kill -0 "${PID_OF[$name]}" 2>/dev/null; do
    ((SECONDS < deadline)) || die "$name did not stop within 60s of SIGTERM"
    sleep 0.05
  done
  JOIN_EXIT=$EPOCHREALTIME JOIN_TERM=$t_term JOIN_ID=$id JOIN_NAME=$name
  reap "${PID_OF[$name]}"
  until_true 30 "$id to leave Eureka" eureka_absent "$id"
  until_true 30 "POSTs to keep flowing after the stop" answered_after "$EPOCHREALTIME" $((5 * LOAD_CLIENTS)) "${LOAD_FILES[@]}"
  load_stop
  touch "$stop.eureka"
  reap $eu_pid
}

# join_record T: the trial's row of discovery.tsv
join_record() {
  local t=$1 name=$JOIN_NAME id=$JOIN_ID t_term=$JOIN_TERM t_exit=$JOIN_EXIT gwlog eulog failed \
    t_started t_up t_gw t_notup t_absent t_last
  gwlog=$OUT/discovery/join$t-gateway.log eulog=$OUT/discovery/join$t-eureka.log
  t_started=$(log_time "$LOG_DIR/$name.log" 'Started SampleBackendApplication')
  t_up=$(first_eureka "$eulog" "$id" up 0)
  t_gw=$(report polls first-answer "$id" "$gwlog")
  t_notup=$(first_eureka "$eulog" "$id" notup "$t_term")
  t_absent=$(first_eureka "$eulog" "$id" absent "$t_term")
  t_last=$(report polls last-answer "$id" "${LOAD_FILES[@]}")
  failed=$(report polls failed "${LOAD_FILES[@]}")
  # trial launch->Started  Started->gw  UP->gw | POSTs failed term->notUP term->last term->absent term->exit
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" \
    "$(ms_between "${LAUNCHED_AT[$name]}" "$t_started")" "$(ms_between "$t_started" "$t_gw")" "$(ms_between "$t_up" "$t_gw")" \
    "$(count_lines "${LOAD_FILES[@]}")" "$failed" \
    "$(ms_between "$t_term" "$t_notup")" "$(ms_between "$t_term" "$t_last")" "$(ms_between "$t_term" "$t_absent")" \
    "$(ms_between "$t_term" "$t_exit")" "$(count_2xx_after "$t_term" "${LOAD_FILES[@]}")" \
    "$(report gap-ms "$eulog" 1)" "$(report gap-ms "$gwlog" 2)" >>"$OUT/discovery.tsv"
  log "  trial $t: Started->gateway $(ms_between "$t_started" "$t_gw") ms, Eureka UP->gateway $(ms_between "$t_up" "$t_gw") ms;" \
    "SIGTERM: $failed/$(count_lines "${LOAD_FILES[@]}") POSTs failed"
}

# crash_phase: the measured part; crash_record reads what it left in CRASH_* after the round.
crash_phase() {
  local eulog=$OUT/discovery/kill-eureka.log
  : >"$eulog"
  eureka_poller "$eulog" "$OUT/stop/kill.eureka" 120 &
  local eu_pid=$!
  track $eu_pid
  load_start kill GET "$LOAD_CLIENTS"
  until_true 30 "GET load to reach $ID2" grep -qF "\"instanceId\":\"$ID2\"" "${LOAD_FILES[@]}"
  until_true 30 "GET load to flow" at_least $((10 * LOAD_CLIENTS)) "${LOAD_FILES[@]}"
  CRASH_GW_LINES=$(wc -l <"$LOG_DIR/edge-gateway.log")
  CRASH_AT=$EPOCHREALTIME
  signal KILL "${PID_OF[backend-2]}"
  reap "${PID_OF[backend-2]}"
  until_true 60 "$ID2 to expire from Eureka" eureka_absent "$ID2"
  # Keep the load on for 2 s after Eureka dropped it: the gateway fetches the registry every second.
  local t_gone=$EPOCHREALTIME
  until_true 30 "2 s of load after the expiry" elapsed_at_least "$t_gone" 2
  load_stop
  touch "$OUT/stop/kill.eureka"
  reap $eu_pid
}

crash_record() {
  local eulog=$OUT/discovery/kill-eureka.log t_kill=$CRASH_AT t_absent t_last
  t_absent=$(first_eureka "$eulog" "$ID2" absent "$t_kill")
  t_last=$(report polls last-answer "$ID2" "${LOAD_FILES[@]}")
  KILL_TOTAL=$(count_lines "${LOAD_FILES[@]}")
  KILL_FAILED=$(report polls failed "${LOAD_FILES[@]}")
  KILL_AFTER=$(report polls sent-from "$t_kill" "${LOAD_FILES[@]}")
  KILL_TO_ABSENT=$(ms_between "$t_kill" "$t_absent")
  KILL_EU_GAP=$(report gap-ms "$eulog" 1)
  KILL_TO_LAST=$(ms_between "$t_kill" "$t_last")
  KILL_P50_BEFORE=$(report polls latency median before "$t_kill" "${LOAD_FILES[@]}")
  KILL_P50_AFTER=$(report polls latency median after "$t_kill" "${LOAD_FILES[@]}")
  KILL_MAX_AFTER=$(report polls latency max after "$t_kill" "${LOAD_FILES[@]}")
  KILL_GW_WARN=$(tail -n +"$((CRASH_GW_LINES + 1))" "$LOG_DIR/edge-gateway.log" | grep -cE ' (WARN|ERROR) ' || true)
  KILL_GW_SAMPLE=$(tail -n +"$((CRASH_GW_LINES + 1))" "$LOG_DIR/edge-gateway.log" | grep -E ' (WARN|ERROR) ' | head -n 1 | cut -c1-300 || true)
  log "  kill -9: $KILL_FAILED/$KILL_TOTAL GETs failed, gone from Eureka after $KILL_TO_ABSENT ms"
}

discovery_phase() {
  local t
  mkdir -p "$OUT/discovery"
  printf 'trial\tlaunch_to_started_ms\tstarted_to_gateway_ms\teureka_up_to_gateway_ms\tposts\tposts_failed\tterm_to_eureka_not_up_ms\tterm_to_last_response_ms\tterm_to_eureka_absent_ms\tterm_to_exit_ms\tposts_2xx_after_term\teureka_poll_gap_ms\tgateway_poll_gap_ms\n' \
    >"$OUT/discovery.tsv"
  for ((t = 1; t <= TRIALS; t++)); do
    log "Discovery trial $t/$TRIALS: a backend joins, then stops with SIGTERM under POST load"
    CPU_MAX_REPEATS=0 cpu_round join "$t" join_trial "$t"
    join_record "$t"
  done
  log "Crash: kill -9 $ID2 under GET load"
  CPU_MAX_REPEATS=0 cpu_round crash 1 crash_phase
  crash_record
}

# ---------------------------------------------------------------------------------------------------------------

# col_median / col_range / col_list FILE PATH COLUMN [OPTIONS]: the median, "min–max" or the value of each round
# ("*" after a round kept over the neighbour budget) of COLUMN over PATH's rounds
col_median() { report median "$1" "$3" path="$2" "${@:4}"; }
col_range() { report range "$1" "$3" path="$2" --format %.0f; }
col_list() { report list "$1" "$3" path="$2" --flag cpu_flag; }
# dmedian / dsum COLUMN: the median / the sum over the discovery trials
dmedian() { report median "$OUT/discovery.tsv" "$1" --format %.0f; }
dsum() { report sum "$OUT/discovery.tsv" "$1"; }

summary() {
  local T=$OUT/throughput.tsv d_rps g_rps ratio d50 g50 d99 g99 verdict
  d_rps=$(col_median "$T" direct req_s) g_rps=$(col_median "$T" gateway req_s)
  d50=$(col_median "$T" direct p50_ms) g50=$(col_median "$T" gateway p50_ms)
  d99=$(col_median "$T" direct p99_ms) g99=$(col_median "$T" gateway p99_ms)
  ratio=$(report ratio "$g_rps" "$d_rps")
  if awk -v r="$ratio" -v g="$GOAL" 'BEGIN {exit !(r >= g)}'; then
    verdict="meets the goal of >= $GOAL of direct throughput"
  else
    verdict="is below the goal of >= $GOAL of direct throughput (needs $(awk -v r="$ratio" -v g="$GOAL" 'BEGIN {printf "%.0f", (g / r - 1) * 100}')% more gateway throughput to reach it)"
  fi
  KILL_GW_NOTE=""
  [[ -z $KILL_GW_SAMPLE ]] || KILL_GW_NOTE=$(printf '\nFirst gateway WARN/ERROR line after the kill: `%s`' "$KILL_GW_SAMPLE")
  # Leases Eureka let expire: one is expected (the kill -9); more mean healthy instances missed their 1 s heartbeats for
  # 3 s (CPU starvation) and were evicted, which shows up as 503s and failed requests above.
  EXPIRED=$(grep -c 'expired lease for' "$LOG_DIR/discovery-server.log" || true)
  WARNINGS=""
  if awk -v l="${LOAD_AT_START%% *}" -v m="$MAX_LOAD" 'BEGIN {exit !(l >= m)}'; then
    WARNINGS+="- **Warning:** the machine was busy when the run started (1-minute load ${LOAD_AT_START%% *} >= $MAX_LOAD): other work competed for the 2 cores, so these numbers are not representative."$'\n'
  fi
  if ((EXPIRED > 1)); then
    WARNINGS+="- **Warning:** Eureka expired $EXPIRED leases during the run where 1 (the kill -9) was expected: healthy instances missed heartbeats for the 3 s lease (CPU starvation) and were evicted, so some failures below are registry flapping, not the event measured."$'\n'
  fi

  summary_header "Gateway benchmark" --raw "$OUT" --jar edge-gateway \
    --jvm "gateway \`$GATEWAY_JAVA_OPTS\`, backends \`$APP_JAVA_OPTS\`, config and discovery servers \`$INFRA_JAVA_OPTS\`" \
    --note "Gateway transport: **$TRANSPORT** (reactor threads: ${REACTOR_THREADS:-none})" \
    --note "Eureka lease expirations: $EXPIRED (1 expected, from the kill -9)"
  cat <<EOF
${WARNINGS%$'\n'}

### Throughput and latency: gateway vs direct

\`wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency\`, $ROUNDS interleaved round(s) (order alternates every round) after a warm-up of
each path (direct: ${WARMED[direct]}; gateway: ${WARMED[gateway]}). A = \`GET /id\` straight to backend-1; B = \`GET /hello/id\` through the gateway while backend-1 is the only
instance registered (backend-2 is started after this phase), so the gateway forwards to that same single backend-1. wrk, the gateway and
the backend share the same $(nproc) cores, so the gateway's own CPU comes out of the backend's budget.

| path | median req/s | range (min–max) | median p50 (ms) | median p99 (ms) | req/s per round (\* = neighbours over budget) | CPU per request (µs): gateway / backend | machine busy |
| --- | ---: | ---: | ---: | ---: | --- | --- | ---: |
| direct | $(col_median "$T" direct req_s --format %.0f) | $(col_range "$T" direct req_s) | $d50 | $d99 | $(col_list "$T" direct req_s) | - / $(col_median "$T" direct backend_cpu_us_req) | $(col_median "$T" direct machine_busy_pct)% |
| gateway | $(col_median "$T" gateway req_s --format %.0f) | $(col_range "$T" gateway req_s) | $g50 | $g99 | $(col_list "$T" gateway req_s) | $(col_median "$T" gateway gw_cpu_us_req) / $(col_median "$T" gateway backend_cpu_us_req) | $(col_median "$T" gateway machine_busy_pct)% |
| **gateway / direct** | **$ratio** | | $(report ratio "$g50" "$d50")x | $(report ratio "$g99" "$d99")x | | | |

Non-2xx / socket errors over all rounds: direct $(report sum "$T" non2xx path=direct) / $(report sum "$T" socket_errors path=direct), gateway $(report sum "$T" non2xx path=gateway) / $(report sum "$T" socket_errors path=gateway). Median steal time: $(col_median "$T" gateway steal_pct)%.

**Where it stands:** the gateway delivers **$ratio** of direct throughput; this foundation $verdict.

#### CPU of every process during the rounds

$(cpu_summary)

### Discovery: a new instance joins ($TRIALS trial(s))

One curl loop polls \`GET /hello/id\` on the gateway without pause (median gap between its responses: $(dmedian gateway_poll_gap_ms) ms);
a second loop polls Eureka with a 50 ms pause (median gap between polls: $(dmedian eureka_poll_gap_ms) ms, the resolution of "Eureka UP").
"Started" is the timestamp of the Spring Boot log line, "launch" the moment the script started the JVM.

| trial | launch -> "Started" (ms) | "Started" -> first response via gateway (ms) | Eureka UP -> first response via gateway (ms) |
| --- | ---: | ---: | ---: |
$(report rows "$OUT/discovery.tsv" trial launch_to_started_ms started_to_gateway_ms eureka_up_to_gateway_ms)
| **median** | $(dmedian launch_to_started_ms) | **$(dmedian started_to_gateway_ms)** | **$(dmedian eureka_up_to_gateway_ms)** |

### Graceful stop (SIGTERM) of that instance under POST load ($TRIALS trial(s))

$LOAD_CLIENTS curl loops send \`POST /hello/id\` through the gateway (POSTs are never retried) from before the SIGTERM
until 2xx answers flow again after the process exited.

| trial | POSTs | failed | SIGTERM -> not UP in Eureka (ms) | SIGTERM -> last response from it (ms) | SIGTERM -> gone from Eureka (ms) | SIGTERM -> process exit (ms) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
$(report rows "$OUT/discovery.tsv" trial posts posts_failed term_to_eureka_not_up_ms term_to_last_response_ms \
    term_to_eureka_absent_ms term_to_exit_ms)
| **total / median** | $(dsum posts) | **$(dsum posts_failed)** | $(dmedian term_to_eureka_not_up_ms) | $(dmedian term_to_last_response_ms) | $(dmedian term_to_eureka_absent_ms) | $(dmedian term_to_exit_ms) |

### Crash (kill -9) of backend-2 under GET load

$LOAD_CLIENTS curl loops send \`GET /hello/id\` through the gateway (GETs are retried on connection errors) from
before the kill until 2 s after Eureka expired the instance (Eureka polled every $KILL_EU_GAP ms, median). A
dead process cannot answer, so "last response from it" only shows the requests already in flight at the kill; the
gateway keeps choosing the dead instance until its next registry fetch after the expiry, and GETs that hit it are retried
on another instance.

| GETs | failed | GETs sent after the kill | kill -> gone from Eureka (ms) | kill -> last response from it (ms) | latency p50 before / after kill (ms) | max latency after kill (ms) | gateway WARN/ERROR log lines |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| $KILL_TOTAL | **$KILL_FAILED** | $KILL_AFTER | $KILL_TO_ABSENT | $KILL_TO_LAST | $KILL_P50_BEFORE / $KILL_P50_AFTER | $KILL_MAX_AFTER | $KILL_GW_WARN |
$KILL_GW_NOTE
EOF
}

main() {
  run_or_help "${BASH_SOURCE[0]}" "$@"
  stop_everything_on_exit
  install_prerequisites
  bench_ports
  wait_for_quiet_machine
  SECONDS=0
  mkdir -p "$LOG_DIR" "$OUT/stop"
  cpu_init "$OUT/cpu"
  TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/edgeway-bench.XXXXXX")
  build_if_missing
  config_git_repo
  log "Output: $OUT"
  start_stack
  throughput_phase
  start_backend2
  discovery_phase
  summary >"$OUT/summary.md"
  publish_summary "$OUT/summary.md" "$DOC"
}

# Sourced (bench/policy-bench.sh reuses the helpers above): define only, run nothing.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi

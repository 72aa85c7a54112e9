#!/usr/bin/env bash
# Commit-to-live benchmark of config push: how long after `git commit` a new route is served by every gateway.
#
#   bench/config-push-bench.sh            (from the repository root; about 5-7 min) builds the jars if missing,
#                                         runs all three paths, prints the table and appends it
#                                         (with date, machine, load average and this command) to docs/benchmarks.md
#
#   Environment (all optional):
#     ROUNDS=10            measured commits per path (each adds one route; samples = ROUNDS x 3 gateways)
#     WARMUP=1             unmeasured commits per path before the measured ones
#     ROUND_TIMEOUT=20     seconds a round waits for all gateways to serve the new route (late = missed)
#     BENCH_PORT_BASE=28700  ports BASE..BASE+6 on 127.0.0.1 (config, eureka, backend, 3 gateways, redis)
#     BENCH_DOC=FILE       where the Markdown section is appended (default docs/benchmarks.md; empty: none;
#                          BENCH_REPORT, its former name, still works)
#     BENCH_KEEP=1         keep the work folder (logs, throw-away git repo) even when the run succeeds
#     BENCH_START_TIMEOUT=180  seconds a service may take to answer its health check (more on a loaded machine)
#     BENCH_TRACE=1        also log every poll answer with its time (WORK/live-N-GATEWAY.trace), to check the numbers
#     PATHS="direct webhook redis"  the paths to run, in this order (redis always restarts the gateways)
#     BENCH_NEIGHBOUR_BUDGET=50  BENCH_NEIGHBOUR_REPEATS=2   every measured commit records the CPU of every process
#                          (bench/lib/cpu.sh); one in which processes this script did not start used more than the
#                          budget (ms/s) is made again with a new route, up to the repeats, then kept and flagged
#
# Stack: config-server over a throw-away git repository made from config-repo/ (branch main, empty search path;
# a local repository, so the server watches its refs), discovery-server, one sample-backend, three edge-gateways and a redis-server.
# The config server runs with REDIS_FANOUT=true throughout (publishing is fire and forget); gateways subscribe
# to Redis only in path 3. Paths measured, each with fresh routes bench-<n>:
#   1. direct       gateways on the config server's SSE stream; the server notices commits by its file watch
#   2. webhook      as 1, plus POST /monitor (X-Gitlab-Token) right after each commit
#   3. redis        broker path alone: gateways restarted with stream=false, REDIS_FANOUT=true, check-interval=5m
# A sample is one gateway x one commit: (time the gateway first answers 200 on /bench-<n>, polled every 20 ms
# over one keep-alive connection per gateway) - (date +%s%N right after `git commit`).
# Needs a JDK 17+, curl 7.84+ (--rate), git, redis-server (Debian package redis-server), stdbuf (coreutils).
# Every process it starts is stopped by PID on exit; nothing else is touched.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"
COMMAND_LINE=$(bench_command_line bench/config-push-bench.sh ROUNDS WARMUP ROUND_TIMEOUT PATHS)
ROUNDS=${ROUNDS:-10}
WARMUP=${WARMUP:-1}
ROUND_TIMEOUT=${ROUND_TIMEOUT:-20}
read -r -a RUN_PATHS <<<"${PATHS:-direct webhook redis}"
TRACE=${BENCH_TRACE:-}
BASE=${BENCH_PORT_BASE:-28700}
DOC=${BENCH_DOC-${BENCH_REPORT-$ROOT/docs/benchmarks.md}}
START_TIMEOUT=${BENCH_START_TIMEOUT:-180}
POLL_RATE=50/s
# As run.sh (README, "JVM options"): gateways with the optimizing JIT, the rest C1 only; EDGEWAY_JAVA_OPTS: all.
JAVA_OPTS=${EDGEWAY_JAVA_OPTS:-$(jvm_options config-server) -Xmx256m}
GATEWAY_JAVA_OPTS=${EDGEWAY_JAVA_OPTS:-$(jvm_options edge-gateway) -Xmx256m}

CONFIG_PORT=$BASE DISCOVERY_PORT=$((BASE + 1)) BACKEND_PORT=$((BASE + 2)) REDIS_PORT=$((BASE + 6))
GATEWAY_PORTS=($((BASE + 3)) $((BASE + 4)) $((BASE + 5)))

export EUREKA_SAMPLE_BACKEND_PASSWORD=bench-eureka-sample-backend-secret
export EUREKA_EDGE_GATEWAY_PASSWORD=bench-eureka-edge-gateway-secret
export EUREKA_READER_PASSWORD=bench-eureka-reader-secret EUREKA_OPERATOR_PASSWORD=bench-eureka-operator-secret
export EUREKA_PEER_PASSWORD=bench-eureka-peer-secret EUREKA_DASHBOARD_PASSWORD=bench-eureka-dashboard-secret
export CONFIG_SERVER_PASSWORD=bench-config-secret
export OPERATOR_PASSWORD=bench-operator-secret
export CONFIG_WEBHOOK_SECRET=bench-webhook-secret
export CONFIG_SERVER_URL=http://$BIND:$CONFIG_PORT
# Secrets of its own, not the demo ones: the services run without the demo profile. Credentials not in the URL.
export EUREKA_URL=http://$BIND:$DISCOVERY_PORT/eureka/
export REDIS_URL=redis://$BIND:$REDIS_PORT
export CONFIG_POLL_INTERVAL=${CONFIG_POLL_INTERVAL:-500ms}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/edgeway-bench.XXXXXX")
REPO=$WORK/config-git
LOG_DIR=$WORK/logs
SAMPLES=$WORK/samples.txt
mkdir -p "$LOG_DIR"
: >"$SAMPLES"
: >"$WORK/commits.txt"

declare -A PID_OF=()   # name -> pid of every long-running process this script started
POLLERS=()             # pids of the current round's pollers (and their curls)
OK=0

stop_pollers() {
  local pid
  for pid in ${POLLERS[@]+"${POLLERS[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in ${POLLERS[@]+"${POLLERS[@]}"}; do wait "$pid" 2>/dev/null || true; done
  POLLERS=()
  return 0
}

stop_all() { # stop_all NAME...: stops those processes at once, each by its recorded PID
  local name pids=()
  for name in "$@"; do pids+=("${PID_OF[$name]}"); done
  STOP_GRACE=20 stop_pids ${pids[@]+"${pids[@]}"}
  for name in "$@"; do unset "PID_OF[$name]"; done
}

before_stop() {
  stop_pollers
  local name clients=()
  for name in "${!PID_OF[@]}"; do
    if [[ $name == gateway-* || $name == backend ]]; then clients+=("$name"); fi
  done
  stop_all ${clients[@]+"${clients[@]}"} # clients first, so they do not log errors about the servers going away
}
after_stop() {
  if ((OK)) && [[ -z ${BENCH_KEEP:-} ]]; then
    rm -rf "$WORK"
  else
    log "logs and the throw-away config repository are in $WORK"
  fi
}
stop_everything_on_exit

check_prerequisites() {
  local tool
  for tool in java curl git redis-server redis-cli stdbuf; do
    command -v "$tool" >/dev/null || die "$tool is not on PATH (redis-server/redis-cli: apt-get install redis-server)"
  done
  [[ $(curl --help all 2>/dev/null) == *--rate* ]] || die "curl too old: --rate (curl 7.84+) is needed"
  check_ports "$CONFIG_PORT" "$DISCOVERY_PORT" "$BACKEND_PORT" "${GATEWAY_PORTS[@]}" "$REDIS_PORT"
}


# Runs from copies of the jars: a rebuild in the working tree during the run must not swap classes under a
# running service. A jar is copied once it has not changed for 5 s and its zip directory reads back.
snapshot_jars() {
  local module jar deadline
  mkdir -p "$WORK/jars"
  for module in config-server discovery-server sample-backend edge-gateway; do
    jar=$ROOT/$module/target/$module.jar
    deadline=$((SECONDS + 120))
    while :; do
      if (($(date +%s) - $(stat -c %Y "$jar") >= 5)) && cp "$jar" "$WORK/jars/$module.jar" \
        && unzip -l "$WORK/jars/$module.jar" >/dev/null 2>&1 && cmp -s "$jar" "$WORK/jars/$module.jar"; then
        break
      fi
      ((SECONDS < deadline)) || die "$jar keeps changing (a build running?)"
      sleep 2
    done
  done
}

# The config repository: a throw-away copy of config-repo/, branch main, files at the top (empty search path).
make_repo() {
  mkdir -p "$REPO" && cp -R "$ROOT/config-repo/." "$REPO/"
  git -C "$REPO" init -q -b main
  git -C "$REPO" config user.name edgeway-bench
  git -C "$REPO" config user.email bench@localhost
  git -C "$REPO" add -A
  git -C "$REPO" commit -q -m "config-repo snapshot"
  # New routes go at the end of the routes list, which ends edge-gateway.yml; same indentation as its items.
  ROUTE_INDENT=$(grep -E '^ *- id:' "$REPO/edge-gateway.yml" | tail -n 1 | sed -E 's/- id:.*//')
  [[ -n $ROUTE_INDENT ]] || die "no '- id:' route item in config-repo/edge-gateway.yml"
  [[ $(tail -c 1 "$REPO/edge-gateway.yml") == "" ]] || echo >>"$REPO/edge-gateway.yml"
}

# start NAME MODULE PORT [ENV=VALUE ...] [-- ARGS...]
start_java() {
  local name=$1 module=$2 port=$3 envs=() args=()
  shift 3
  while (($#)) && [[ $1 != -- ]]; do envs+=("$1"); shift; done
  if (($#)); then shift; fi
  args=("$@")
  local opts=$JAVA_OPTS
  if [[ $module == edge-gateway ]]; then opts=$GATEWAY_JAVA_OPTS; fi
  # shellcheck disable=SC2086
  env PORT="$port" "${envs[@]}" java $opts -jar "$WORK/jars/$module.jar" \
    --server.address=$BIND --eureka.instance.ip-address=$BIND --eureka.instance.hostname=$BIND "${args[@]}" \
    >>"$LOG_DIR/$name.log" 2>&1 &
  PID_OF[$name]=$!
  track $!
}

start_gateway() { # start_gateway INDEX [redis]
  local i=$1 mode=${2:-direct} envs=() args=()
  args=(--edgeway.gateway.config-push.cache-file="$WORK/gateway-$i-config.json")
  if [[ $mode == redis ]]; then
    envs=(REDIS_FANOUT=true)
    args+=(--edgeway.gateway.config-push.stream=false --edgeway.gateway.config-push.check-interval=5m)
  fi
  start_java "gateway-$i" edge-gateway "${GATEWAY_PORTS[$i]}" "${envs[@]}" -- "${args[@]}"
}

wait_gateways() {
  local i
  for i in "${!GATEWAY_PORTS[@]}"; do
    wait_http "gateway-$i" "http://$BIND:${GATEWAY_PORTS[$i]}/actuator/health" '"UP"'
  done
  for i in "${!GATEWAY_PORTS[@]}"; do # routes to the backend (Eureka registry fetched)
    wait_http "gateway-$i" "http://$BIND:${GATEWAY_PORTS[$i]}/hello" ""
  done
}

redis_answers() { redis-cli -h $BIND -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

redis_subscribers() {
  redis-cli -h $BIND -p "$REDIS_PORT" pubsub numsub edgeway:config-revisions | tail -n 1
}

applied_commit() { # applied_commit GATEWAY-INDEX
  { curl -fs --max-time 5 -u "operator:$OPERATOR_PASSWORD" \
    "http://$BIND:${GATEWAY_PORTS[$1]}/actuator/configrevision" || true; } | sed -nE 's/.*"commit":"([0-9a-f]+)".*/\1/p'
}

# poll PORT PATH OUT: one keep-alive connection, a GET every 20 ms; writes "<epoch ns>" to OUT at the first 200.
# OUT.ready appears at the first answer of any kind, so a round starts only once every poller is polling;
# OUT.matched: "<epoch ns> <code>" at the first answer that is neither 404 (no route yet) nor 000 (no answer), that
# is when the gateway has applied the route; it differs from OUT when the route first answered 5xx (no instance).
poll() {
  local port=$1 path=$2 out=$3 line curl_pid n=$((ROUND_TIMEOUT * 50 + 500)) trace=/dev/null
  if [[ -n $TRACE ]]; then trace=$out.trace; fi
  exec 3< <(exec stdbuf -oL curl -s -o /dev/null -w '%{http_code}\n' --rate "$POLL_RATE" --max-time 1 \
    "http://$BIND:$port$path?[1-$n]")
  curl_pid=$!
  trap 'kill -TERM $curl_pid 2>/dev/null; exit 0' TERM
  while read -r line <&3; do
    if [[ ! -e $out.ready ]]; then : >"$out.ready"; fi
    if [[ -n $TRACE ]]; then echo "$EPOCHREALTIME $line" >>"$trace"; fi
    if [[ $line != 404 && $line != 000 ]]; then
      local now=${EPOCHREALTIME/./}
      if [[ ! -e $out.matched ]]; then echo "${now}000 $line" >"$out.matched"; fi
      if [[ $line == 200 ]]; then
        echo "${now}000" >"$out"
        break
      fi
    fi
  done
  kill -TERM "$curl_pid" 2>/dev/null || true
}

# round PATH-NAME N MEASURED(0/1): adds route bench-N in one commit, waits until all gateways serve it.
round() {
  local path=$1 n=$2 measured=$3 i out commit t_commit deadline ready live delta flag matched t_matched code
  local yml=$REPO/edge-gateway.yml
  for i in "${!GATEWAY_PORTS[@]}"; do
    out=$WORK/live-$n-$i
    rm -f "$out" "$out.ready" "$out.matched"
    poll "${GATEWAY_PORTS[$i]}" "/bench-$n" "$out" &
    POLLERS+=($!)
  done
  deadline=$((SECONDS + 10))
  while :; do
    ready=0
    for i in "${!GATEWAY_PORTS[@]}"; do
      if [[ -e $WORK/live-$n-$i.ready ]]; then ready=$((ready + 1)); fi
    done
    if ((ready == ${#GATEWAY_PORTS[@]})); then break; fi
    ((SECONDS < deadline)) || die "pollers for /bench-$n did not start"
    sleep 0.02
  done
  for i in "${!GATEWAY_PORTS[@]}"; do
    if [[ -e $WORK/live-$n-$i ]]; then die "/bench-$n is live on gateway $i before its commit"; fi
  done
  cat >>"$yml" <<EOF
${ROUTE_INDENT}- id: bench-$n
${ROUTE_INDENT}  uri: lb://sample-backend
${ROUTE_INDENT}  predicates:
${ROUTE_INDENT}    - Path=/bench-$n
${ROUTE_INDENT}  filters:
${ROUTE_INDENT}    - SetPath=/
${ROUTE_INDENT}  metadata:
${ROUTE_INDENT}    access: public
EOF
  git -C "$REPO" commit -q -a -m "bench: route bench-$n ($path)"
  t_commit=$(date +%s%N)
  commit=$(git -C "$REPO" rev-parse HEAD)
  if ((measured)); then echo "$path $n $commit $t_commit" >>"${COMMITS_TO:-$WORK/commits.txt}"; fi
  if [[ $path == webhook ]]; then
    curl -fsS --max-time 10 -o /dev/null -X POST -H "X-Gitlab-Token: $CONFIG_WEBHOOK_SECRET" \
      "http://$BIND:$CONFIG_PORT/monitor" || log "webhook call failed (round $n)"
  fi
  deadline=$((SECONDS + ROUND_TIMEOUT))
  while :; do
    live=0
    for i in "${!GATEWAY_PORTS[@]}"; do
      if [[ -s $WORK/live-$n-$i ]]; then live=$((live + 1)); fi
    done
    if ((live == ${#GATEWAY_PORTS[@]} || SECONDS >= deadline)); then break; fi
    sleep 0.05
  done
  stop_pollers
  local deltas=""
  for i in "${!GATEWAY_PORTS[@]}"; do
    out=$WORK/live-$n-$i
    if [[ -s $out ]]; then
      delta=$((($(<"$out") - t_commit) / 1000000))
      # The route is live, so the gateway must run this commit (or a later one: there is none yet).
      local applied
      applied=$(applied_commit "$i")
      if [[ $applied != "$commit" ]]; then
        log "gateway $i serves /bench-$n but /actuator/configrevision says '${applied:-(no answer)}', not $commit"
      fi
    else
      delta=missed
    fi
    deltas+=" $delta"
    matched=missed flag=0
    if [[ -s $out.matched ]]; then
      read -r t_matched code <"$out.matched"
      matched=$(((t_matched - t_commit) / 1000000))
      if [[ $code != 200 ]]; then flag=1 deltas+="($code from $matched)"; fi
    fi
    if ((measured)); then echo "$path $n $i $delta $flag $matched" >>"${SAMPLES_TO:-$SAMPLES}"; fi
  done
  log "$path bench-$n:$deltas ms (gateways 0 1 2)$(if ((!measured)); then echo ' [warm-up]'; fi)"
}

# measured_round PATH: one measured commit (a new route), its samples set aside until cpu_round keeps or repeats it
measured_round() {
  NEXT=$((NEXT + 1))
  : >"$WORK/samples.round"
  : >"$WORK/commits.round"
  SAMPLES_TO=$WORK/samples.round COMMITS_TO=$WORK/commits.round round "$1" "$NEXT" 1
}

run_path() { # run_path NAME
  local path=$1 k
  for ((k = 0; k < WARMUP; k++)); do
    NEXT=$((NEXT + 1)); round "$path" "$NEXT" 0
    sleep 1
  done
  for ((k = 0; k < ROUNDS; k++)); do
    cpu_round "$path" $((k + 1)) measured_round "$path"
    # Only the kept attempt's samples count; a kept round over the neighbour budget is marked (column 7).
    sed "s/\$/ $(cpu_flag "$path" $((k + 1)))/" "$WORK/samples.round" >>"$SAMPLES"
    cat "$WORK/commits.round" >>"$WORK/commits.txt"
    # 0.5-1.5 s between commits, random, so commits fall at random points of the server's 1 s poll.
    sleep "$(printf '0.%03d' $((RANDOM % 1000)))"
    sleep 0.5
  done
}

main() {
  check_prerequisites
  jars_current config-server discovery-server sample-backend edge-gateway
  snapshot_jars
  LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
  log "load average at start: $LOAD_AT_START; work folder $WORK"

  make_repo
  cpu_init "$WORK/cpu"
  export CONFIG_GIT_URI=$REPO CONFIG_GIT_LABEL=main CONFIG_GIT_SEARCH_PATHS=

  redis-server --port "$REDIS_PORT" --bind $BIND --save '' --appendonly no >"$LOG_DIR/redis.log" 2>&1 &
  PID_OF[redis]=$!
  track $!
  log "starting config-server, discovery-server, redis"
  start_java config-server config-server "$CONFIG_PORT" REDIS_FANOUT=true
  start_java discovery-server discovery-server "$DISCOVERY_PORT"
  until_true 30 "redis-server to answer PING" redis_answers
  wait_http config-server "http://$BIND:$CONFIG_PORT/actuator/health" '"UP"'
  wait_http discovery-server "http://$BIND:$DISCOVERY_PORT/actuator/health" '"UP"'
  log "starting sample-backend and 3 gateways (direct path)"
  start_java backend sample-backend "$BACKEND_PORT"
  wait_http backend "http://$BIND:$BACKEND_PORT/actuator/health" '"UP"'
  local i
  for i in "${!GATEWAY_PORTS[@]}"; do start_gateway "$i"; done
  wait_gateways
  local t_up=$SECONDS
  log "stack up; Redis subscribers: $(redis_subscribers) (expected 0 on the direct path)"

  NEXT=0
  local path
  for path in "${RUN_PATHS[@]}"; do
    case $path in
      direct | webhook) run_path "$path" ;;
      redis) run_broker_path ;;
      *) die "unknown path '$path' in PATHS (direct, webhook, redis)" ;;
    esac
  done
  summary >"$WORK/summary.md"
  publish_summary "$WORK/summary.md" "$DOC"
  log "stack was up after ${t_up}s, whole run ${SECONDS}s"
  OK=1
}

all_subscribed() { [[ $(redis_subscribers) == "${#GATEWAY_PORTS[@]}" ]]; }

run_broker_path() {
  local i
  log "restarting the 3 gateways on the broker path alone (stream=false, REDIS_FANOUT=true, check-interval=5m)"
  local gateways=()
  for i in "${!GATEWAY_PORTS[@]}"; do gateways+=("gateway-$i"); done
  stop_all "${gateways[@]}"
  for i in "${!GATEWAY_PORTS[@]}"; do start_gateway "$i" redis; done
  wait_gateways
  until_true 30 "the gateways to subscribe to Redis" all_subscribed
  log "Redis subscribers: $(redis_subscribers)"
  run_path redis
}

summary() {
  local path labels=()
  for path in "${RUN_PATHS[@]}"; do
    case $path in
      direct) labels+=("direct=(1) direct | SSE stream; server watches the repository's refs; no webhook") ;;
      webhook) labels+=("webhook=(2) direct + webhook | SSE stream; POST /monitor right after the commit") ;;
      redis) labels+=("redis=(3) broker alone | Redis pub/sub; stream off, check interval 5 m; server watches the refs") ;;
    esac
  done
  summary_header "Config push: commit-to-live" --jar edge-gateway \
    --jvm "gateways \`$GATEWAY_JAVA_OPTS\`, the rest \`$JAVA_OPTS\`" \
    --note "Stack: config-server, discovery-server, 1 sample-backend, 3 edge-gateways, redis-server, all on 127.0.0.1; each gateway polled every 20 ms on one keep-alive connection; commits 0.5–1.5 s apart"
  cat <<EOF

Time from \`git commit\` (on the branch the config server serves) until a new route answers 200 on each of three
gateways; one sample per gateway and commit, $ROUNDS measured commits per path after $WARMUP warm-up commit(s).
Goal: p95 ≤ 1 s on every path (issue 9; Istio reports about 1.5 s for a config push, Spring Cloud Bus refreshes 30–50 s).

$(report push-table "$SAMPLES" "$WORK/commits.txt" "$LOG_DIR/config-server.log" "$ROUND_TIMEOUT" "${labels[@]}")

p50/p95/max: over all gateway × commit samples (nearest rank). *Missed*: no 200 within ${ROUND_TIMEOUT} s (counted as
slower than any other sample). *5xx before 200*: samples whose new route was already applied but first answered 5xx
(no sample-backend instance in the gateway's Eureka registry, e.g. a lease expired on a loaded machine); they count
with their first 200. *Route matched*: the same samples, up to the first answer other than 404 (the gateway
runs the new route, whether or not an instance was there to serve it). *Commit → published*: from the commit until the config server logs \`Published config
commit\` (it noticed, fetched and validated it); the rest of each sample is delivery, apply and route rebuild.
*Commits over the neighbour budget*: measured commits kept although processes this script did not start used more
than $CPU_BUDGET ms/s of CPU in them (each was first made again, up to $CPU_REPEATS times, with a new route).

$(cpu_summary)
EOF
}

main "$@"

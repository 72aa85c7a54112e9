#!/usr/bin/env bash
# Benchmarks what the gateway's policies cost and how it behaves in overload, against one backend:
#
#   bench/policy-bench.sh     build the jars if missing, run everything (about 12 minutes at the defaults),
#                             print a Markdown summary and append it to docs/benchmarks.md
#
# 1. Throughput (wrk, closed loop): direct to the backend, HAProxy in front of it, a bare Reactor Netty proxy
#    (bench/BareNettyProxy.java: the gateway's transport without Spring, routes or filters), stock Spring Cloud
#    Gateway (bench/stock-gateway: the same versions, one lb:// route, default settings), the gateway's public
#    route (/hello/id: no policy) and its full policy chain (/api/x: JWT with scope api, RateLimit, ShedLoad,
#    Canary), in interleaved rounds; medians, ratios to direct, to the bare proxy and to stock SCG, each proxy's
#    CPU per request.
# 2. Latency at half load (open loop, bench/OpenLoop.java, measured from each request's scheduled send time):
#    the same six paths at half the policy chain's median throughput; the added p50 and p99.
# 3. Overload: the backend made slow (/id?delayMs=, Tomcat threads capped), its capacity measured straight with
#    wrk; then a critical / default / best-effort mix through the policy chain at half and at twice that capacity:
#    goodput / capacity, admitted p99 at 2x / at half load, refusal (503/429) latency, per-class success.
#
#   bench/policy-bench.sh compare BASE.jar
#                             instead: two gateways side by side on the same backend, the work tree's build and
#                             BASE.jar (say, main's edge-gateway.jar), wrk on the public and the policy route of each
#                             in interleaved rounds; medians of 2xx/s and gateway CPU per request, new / base
#                             (JVM options A/B: the same jar as BASE.jar, GATEWAY_EXTRA_OPTS=... for the new one,
#                             BENCH_BASE_EXTRA_OPTS=... for the base)
#
# Settings (environment, all optional; the helpers and the rest of the settings come from gateway-bench.sh):
#   BENCH_ROUNDS=3            interleaved rounds per phase    BENCH_DURATION=10  seconds per wrk run
#   BENCH_CONNECTIONS=16      wrk -c: below the 17 default-class requests ShedLoad admits at its minimum limit
#                             (24 x 0.7), so that a closed loop measures throughput, not refusals by design
#   BENCH_WARMUP=10  BENCH_WARMUP_REQUESTS=20000  BENCH_THREADS=2   as in gateway-bench.sh
#   BENCH_LATENCY_SECONDS=15  seconds per open-loop run (the first 3 are warm-up, not counted)
#   BENCH_HALF_RATE=          requests/s of phase 2 (default: half the policy chain's median req/s of phase 1)
#   BENCH_BACKEND_THREADS=16  the backend's Tomcat threads (its concurrency in phase 3)
#   BENCH_SLOW_MS=40          delayMs of every request in phase 3
#   BENCH_OVERLOAD_SECONDS=30 seconds per overload run (the first 10 are warm-up: the limiter adapts)
#   BENCH_MIX="20 50 30"      critical, default, best-effort shares (%) of the phase-3 traffic
#   BENCH_PHASES="1 2 3"      or 3: only the overload phase (the summary then has only its section)
#   BENCH_PORT_BASE=18500     config +888, Eureka +761, gateway +80, backend +81, HAProxy +90, bare Netty proxy +91,
#                             stock SCG +92
#   BENCH_JFR=                non-empty: record the gateway with JDK Flight Recorder (profile settings) during the
#                             policy-chain rounds of phases 1 and 2 (compare: every round of both builds);
#                             the .jfr files land in the output folder
#   BENCH_LOAD_WAIT, BENCH_MAX_LOAD, BENCH_DOC, BENCH_OUT, BENCH_GATEWAY_JAVA_OPTS (also the bare proxy's), BENCH_APP_JAVA_OPTS,
#   BENCH_INFRA_JAVA_OPTS,
#   BENCH_NEIGHBOUR_BUDGET, BENCH_NEIGHBOUR_REPEATS   as in gateway-bench.sh: every wrk and open-loop run records the
#                             CPU of every process; a run whose neighbours went over the budget is run again
# Traffic goes to 127.0.0.1 only. Every process the script starts is stopped on exit, Ctrl-C or error.
set -Eeuo pipefail

: "${BENCH_PORT_BASE:=18500}" "${BENCH_ROUNDS:=3}" "${BENCH_CONNECTIONS:=16}"
# shellcheck source=bench/gateway-bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/gateway-bench.sh"

COMMAND_LINE=$(bench_command_line bench/policy-bench.sh)
LATENCY_SECONDS=${BENCH_LATENCY_SECONDS:-15}
LATENCY_WARMUP=3
HALF_RATE=${BENCH_HALF_RATE:-}
BACKEND_THREADS=${BENCH_BACKEND_THREADS:-16}
SLOW_MS=${BENCH_SLOW_MS:-40}
OVERLOAD_SECONDS=${BENCH_OVERLOAD_SECONDS:-30}
OVERLOAD_WARMUP=10
read -r MIX_CRITICAL MIX_DEFAULT MIX_BEST_EFFORT <<<"${BENCH_MIX:-20 50 30}"
PHASES=${BENCH_PHASES:-1 2 3}
[[ $PHASES == "1 2 3" || $PHASES == 3 ]] || { echo "BENCH_PHASES must be \"1 2 3\" or 3, not $PHASES" >&2; exit 2; }
JFR=${BENCH_JFR:-}
HAPROXY_PORT=$((PORT_BASE + 90))
DIRECT=http://$BIND:$BACKEND1_PORT
HAPROXY=http://$BIND:$HAPROXY_PORT
NETTY_PORT=$((PORT_BASE + 91))
NETTY=http://$BIND:$NETTY_PORT
STOCK_PORT=$((PORT_BASE + 92))
STOCK=http://$BIND:$STOCK_PORT
# The backend's Tomcat threads bound its concurrency, so that a slow request makes a real capacity limit; phase 3
# makes requests slow with /id?delayMs=, which the backend honours only with its delay hook on.
BACKEND_ENV=(SERVER_TOMCAT_THREADS_MAX="$BACKEND_THREADS" BACKEND_DELAY_HOOK=true)
PATHS=(direct haproxy netty stock public policy)

# The throw-away config copy: the demo rate limit (20/s per subject) would refuse nearly every request of a
# throughput round; raise it so that only ShedLoad refuses. No discovery timing is measured here, so the Eureka
# lease lasts 30 s instead of the shipped one: on a starved machine missed heartbeats otherwise evict the only backend mid-round.
edit_config_repo() {
  sed -i -E 's/^( +requests: )20$/\11000000/; s/^( +burst: )40$/\11000000/' "$1/edge-gateway.yml"
  sed -i -E 's/^( +lease-expiration-duration-in-seconds: )[0-9]+$/\130/' "$1/application.yml"
  grep -q 'requests: 1000000' "$1/edge-gateway.yml" || die "could not raise the demo RateLimit in the config copy"
  grep -q 'lease-expiration-duration-in-seconds: 30' "$1/application.yml" || die "could not lengthen the Eureka lease"
}

# Demo tokens signed by a key pair made for this run (the gateway trusts only that key).
make_tokens() {
  local keys=$TMP_DIR/jwt jar=$ROOT/demo-tokens/target/demo-tokens-exec.jar
  if [[ ! -f $jar ]]; then
    (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl demo-tokens -am package) || die "cannot build the demo token issuer"
  fi
  issuer() { java -jar "$jar" "$keys" "$@"; }
  EDGEWAY_JWT_PUBLIC_KEYS=file:$(issuer --init) || die "cannot make the demo key pair"
  export EDGEWAY_JWT_PUBLIC_KEYS
  TOKEN_API=$(issuer --sub bench-api --scope api --ttl 4h)
  TOKEN_PRIORITY=$(issuer --sub bench-priority --scope "api priority" --ttl 4h)
}

start_haproxy() {
  cat >"$OUT/haproxy.cfg" <<EOF
global
    maxconn 4096
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
frontend bench
    bind $BIND:$HAPROXY_PORT
    default_backend backend1
backend backend1
    server backend1 $BIND:$BACKEND1_PORT
EOF
  haproxy -db -f "$OUT/haproxy.cfg" >"$LOG_DIR/haproxy.log" 2>&1 &
  PID_OF[haproxy]=$!
  track $!
  log "Started haproxy (pid $!, port $HAPROXY_PORT)"
  wait_http haproxy "$HAPROXY/id" '"instanceId"'
}

# The bare Reactor Netty proxy, on the libraries of the gateway jar and with the gateway's JVM options.
start_netty_proxy() {
  local dir=$TMP_DIR/netty
  mkdir -p "$dir/lib"
  (cd "$dir" && jar xf "$TMP_DIR/edge-gateway.jar" BOOT-INF/lib && mv BOOT-INF/lib/* lib/)
  javac -cp "$dir/lib/*" -d "$dir" "$ROOT/bench/BareNettyProxy.java"
  # shellcheck disable=SC2086
  java $GATEWAY_JAVA_OPTS -cp "$dir:$dir/lib/*" BareNettyProxy "$BIND" "$NETTY_PORT" "$DIRECT" >"$LOG_DIR/netty-proxy.log" 2>&1 &
  PID_OF[netty]=$!
  track $!
  log "Started the bare Netty proxy (pid $!, port $NETTY_PORT)"
  wait_http netty "$NETTY/id" '"instanceId"'
}

# Stock Spring Cloud Gateway (bench/stock-gateway, not a module of the build: built here when missing or older than
# its sources), with the gateway's JVM options. It reads the registry with the reader credential in the service URL.
start_stock_gateway() {
  local dir=$ROOT/bench/stock-gateway
  if [[ ! -f $dir/target/stock-gateway.jar ]] || [[ -n $(find "$dir/pom.xml" "$dir/src" -newer "$dir/target/stock-gateway.jar" -print -quit) ]]; then
    log "Building bench/stock-gateway"
    (cd "$ROOT" && ./mvnw -o -B -q -f bench/stock-gateway/pom.xml package) || die "cannot build bench/stock-gateway"
  fi
  cp "$dir/target/stock-gateway.jar" "$TMP_DIR/stock-gateway.jar"
  start_java stock stock-gateway "$STOCK_PORT" "$GATEWAY_JAVA_OPTS" \
    SPRING_APPLICATION_JSON="{\"eureka\":{\"client\":{\"service-url\":{\"defaultZone\":\"http://reader:$EUREKA_READER_PASSWORD@$BIND:$DISCOVERY_PORT/eureka/\"}}}}"
  wait_http stock "$STOCK/hello/id" '"instanceId"'
}

# proxy_pid PATH: the process that proxies PATH (none for direct)
proxy_pid() {
  case $1 in
    haproxy | netty | stock) echo "${PID_OF[$1]}" ;;
    public | policy) echo "${PID_OF[edge-gateway]}" ;;
  esac
}

# url_of PATH [QUERY]; sets WRK_ARGS (headers) for wrk_run
url_of() {
  WRK_ARGS=()
  case $1 in
    direct) echo "$DIRECT/id${2:+?$2}" ;;
    haproxy) echo "$HAPROXY/id${2:+?$2}" ;;
    netty) echo "$NETTY/id${2:+?$2}" ;;
    stock) echo "$STOCK/hello/id${2:+?$2}" ;;
    public) echo "$GW/hello/id${2:+?$2}" ;;
    policy) WRK_ARGS=(-H "Authorization: Bearer $TOKEN_API"); echo "$GW/api/x${2:+?$2}" ;;
  esac
}
# headers_of PATH: the OpenLoop header fields of a path
headers_of() { [[ $1 != policy ]] || printf '|Authorization:Bearer %s' "$TOKEN_API"; }

check_policy_route() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN_API" "$GW/api/x")
  [[ $code == 200 ]] || die "the policy route answered $code to a valid token (want 200)"
  code=$(curl -s -o /dev/null -w '%{http_code}' "$GW/api/x")
  [[ $code == 401 ]] || die "the policy route answered $code without a token (want 401)"
}

# ---------------------------------------------------------------------------------------------------------------
# Phase 1: closed-loop throughput of the six paths.

# throughput_run URL OUTFILE: one wrk run (JFR on the gateway around the policy path's, with BENCH_JFR), with the CPU
# ticks of the proxy and the backend around it (in throughput_rounds' variables).
throughput_run() {
  [[ -z $JFR || $path != policy ]] || jcmd "${PID_OF[edge-gateway]}" JFR.start name=policy$r settings=profile \
    filename="$OUT/gateway-policy-round$r.jfr" >/dev/null
  gw0=$(cpu_ticks "${proxy:-0}") be0=$(cpu_ticks "${PID_OF[backend-1]}")
  wrk_run "$1" "$DURATION" "$2"
  gw1=$(cpu_ticks "${proxy:-0}") be1=$(cpu_ticks "${PID_OF[backend-1]}")
  [[ -z $JFR || $path != policy ]] || jcmd "${PID_OF[edge-gateway]}" JFR.stop name=policy$r >/dev/null
}

throughput_rounds() {
  local r i path url f gw0 be0 gw1 be1 res req hz order proxy
  hz=$(getconf CLK_TCK)
  mkdir -p "$OUT/wrk"
  for path in "${PATHS[@]}"; do
    url=$(url_of "$path")
    url_of "$path" >/dev/null # sets WRK_ARGS in this shell
    warm_up "$path" "$url"
  done
  printf 'round\tpath\treq_s\tp50_ms\tp99_ms\trequests\tnon2xx\tsocket_errors\tproxy_cpu_us_req\tbackend_cpu_us_req\tok_s\tneighbours_ms_s\tcpu_flag\n' \
    >"$OUT/throughput.tsv"
  for ((r = 1; r <= ROUNDS; r++)); do
    # A different order each round (rotated), so no path always runs first or right after another.
    order=()
    for ((i = 0; i < ${#PATHS[@]}; i++)); do order+=("${PATHS[$(((i + r - 1) % ${#PATHS[@]}))]}"); done
    for path in "${order[@]}"; do
      url=$(url_of "$path")
      url_of "$path" >/dev/null
      f=$OUT/wrk/round$r-$path.txt
      proxy=$(proxy_pid "$path")
      cpu_round "$path" "$r" throughput_run "$url" "$f"
      res=$(parse_wrk "$f")
      read -r _ _ _ req _ _ <<<"$res"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$path" "$(tr ' ' '\t' <<<"$res")" \
        "$(if [[ $path == direct ]]; then echo -; else report us-per-request $((gw1 - gw0)) "$req" "$hz"; fi)" \
        "$(report us-per-request $((be1 - be0)) "$req" "$hz")" "$(report wrk-ok "$f")" \
        "$(cpu_neighbours "$path" "$r")" "$(cpu_flag "$path" "$r")" >>"$OUT/throughput.tsv"
      log "  round $r $path: $(cut -d' ' -f1 <<<"$res") req/s (p50/p99 ms: $(cut -d' ' -f2-3 <<<"$res"), neighbours $(cpu_neighbours "$path" "$r") ms/s)"
    done
  done
  WRK_ARGS=()
}

# ---------------------------------------------------------------------------------------------------------------
# Phases 2 and 3: open-loop runs.

# open_loop OUTFILE SECONDS WARMUP STREAM...: OpenLoop's table in OUTFILE
open_loop() {
  local out=$1 pid
  shift
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp "$TMP_DIR/openloop" OpenLoop "$@" >"$out" 2>"$out.err" &
  pid=$!
  track "$pid"
  wait "$pid" || die "OpenLoop failed: $(tail -n 3 "$out.err")"
  untrack "$pid"
}

# latency_run OUTFILE STREAM: one open-loop run (JFR on the gateway around the policy path's, with BENCH_JFR)
latency_run() {
  [[ -z $JFR || $path != policy ]] || jcmd "${PID_OF[edge-gateway]}" JFR.start name=half$r settings=profile \
    filename="$OUT/gateway-half-load-round$r.jfr" >/dev/null
  open_loop "$1" "$LATENCY_SECONDS" "$LATENCY_WARMUP" "$2"
  [[ -z $JFR || $path != policy ]] || jcmd "${PID_OF[edge-gateway]}" JFR.stop name=half$r >/dev/null
}

latency_rounds() {
  local r i path order f p50 p99 p999 counted ok sent
  mkdir -p "$OUT/openloop"
  if [[ -z $HALF_RATE ]]; then
    HALF_RATE=$(report ratio "$(col_median "$OUT/throughput.tsv" policy ok_s)" 2 --format %.0f)
  fi
  log "Latency at half load: $HALF_RATE req/s open loop, ${LATENCY_SECONDS}s per run"
  printf 'round\tpath\tok_p50_ms\tok_p99_ms\tok_p999_ms\tcounted\tok\tsent_per_s\tneighbours_ms_s\tcpu_flag\n' >"$OUT/latency.tsv"
  for ((r = 1; r <= ROUNDS; r++)); do
    order=()
    for ((i = 0; i < ${#PATHS[@]}; i++)); do order+=("${PATHS[$(((i + r - 1) % ${#PATHS[@]}))]}"); done
    for path in "${order[@]}"; do
      f=$OUT/openloop/half-round$r-$path.tsv
      cpu_round "half-$path" "$r" latency_run "$f" "$path|$HALF_RATE|$(url_of "$path")$(headers_of "$path")"
      read -r p50 p99 p999 counted ok sent < <(report cells "$f" ok_p50_ms ok_p99_ms ok_p999_ms counted ok sent_per_s stream="$path")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$path" "$p50" "$p99" "$p999" "$counted" "$ok" "$sent" \
        "$(cpu_neighbours "half-$path" "$r")" "$(cpu_flag "half-$path" "$r")" >>"$OUT/latency.tsv"
      log "  round $r $path: p50 $p50 ms, p99 $p99 ms ($ok/$counted 2xx)"
    done
  done
}

# mix_streams TOTAL-RATE: the three classes through the policy chain, to the slow backend
mix_streams() {
  local url
  url="$GW/api/x?delayMs=$SLOW_MS"
  awk -v t="$1" -v c="$MIX_CRITICAL" -v d="$MIX_DEFAULT" -v b="$MIX_BEST_EFFORT" -v u="$url" \
    -v p="Authorization:Bearer $TOKEN_PRIORITY" -v a="Authorization:Bearer $TOKEN_API" 'BEGIN {
      printf "critical|%.1f|%s|%s|X-Priority:critical\n", t * c / 100, u, p
      printf "default|%.1f|%s|%s\n", t * d / 100, u, a
      printf "best-effort|%.1f|%s|%s|X-Priority:best-effort\n", t * b / 100, u, p }'
}

# sample_limiter OUTFILE: the limiter's limit and in-flight count (ShedLoad's gauges) every 2 s, until killed; one
# curl for both, so that the sampling stays within the neighbours' CPU budget
sample_limiter() {
  local base=$GW_MANAGEMENT/actuator/metrics/edgeway.shedding
  printf 'unix_ms\tlimit\tinflight\n' >"$1"
  while true; do
    printf '%s\t%s\n' "$(date +%s%3N)" "$(curl -s -m 2 -u "operator:$OPERATOR_PASSWORD" \
      "$base.limit?tag=limiter:sample-backend" "$base.inflight?tag=limiter:sample-backend" \
      | grep -oE '"value":[0-9.E+-]+' | cut -d: -f2 | paste -sd '\t' || true)" >>"$1"
    sleep 2
  done
}

overload_rounds() {
  local r load f sampler streams=()
  mkdir -p "$OUT/overload" "$OUT/wrk"
  log "Overload: backend requests take ${SLOW_MS} ms on $BACKEND_THREADS Tomcat threads"
  url_of direct >/dev/null
  WRK_CONNECTIONS=$BACKEND_THREADS wrk_run "$(url_of direct "delayMs=$SLOW_MS")" "$DURATION" "$OUT/wrk/slow-warmup.txt"
  printf 'round\tload\tstream\trate\tcounted\tok\tr429\tr503\tother\terrors\tok_p50_ms\tok_p99_ms\trefused_p50_ms\trefused_p99_ms\n' \
    >"$OUT/overload.tsv"
  printf 'req_s\n' >"$OUT/capacity.tsv"
  for ((r = 1; r <= ROUNDS; r++)); do
    # Capacity: as many connections as the backend has threads, straight to it (what any proxy can deliver at best).
    WRK_CONNECTIONS=$BACKEND_THREADS cpu_round capacity "$r" wrk_run "$(url_of direct "delayMs=$SLOW_MS")" "$DURATION" "$OUT/wrk/capacity-round$r.txt"
    parse_wrk "$OUT/wrk/capacity-round$r.txt" | cut -d' ' -f1 >>"$OUT/capacity.tsv"
    CAPACITY=$(report median "$OUT/capacity.tsv" req_s --format %.0f)
    for load in half double; do
      f=$OUT/overload/round$r-$load.tsv
      mapfile -t streams < <(mix_streams "$(if [[ $load == half ]]; then echo $((CAPACITY / 2)); else echo $((CAPACITY * 2)); fi)")
      sample_limiter "$OUT/overload/limiter-round$r-$load.tsv" &
      sampler=$!
      track "$sampler"
      cpu_round "overload-$load" "$r" open_loop "$f" "$OVERLOAD_SECONDS" "$OVERLOAD_WARMUP" "${streams[@]}"
      kill "$sampler" && wait "$sampler" 2>/dev/null || true
      untrack "$sampler"
      report cells "$f" stream rate counted ok r429 r503 other errors ok_p50_ms ok_p99_ms refused_p50_ms refused_p99_ms \
        | sed "s/^/$r\t$load\t/" >>"$OUT/overload.tsv"
      log "  round $r $load (capacity $CAPACITY req/s): $(report cells "$f" stream ok counted ok_p99_ms | tr '\t' ' ' \
        | awk '{printf "%s %s/%s ok, p99 %s ms; ", $1, $2, $3, $4}')"
    done
  done
}

# ---------------------------------------------------------------------------------------------------------------
# compare: the work tree's gateway against another build, side by side (same backend, same machine noise).

# compare_run URL OUTFILE: one wrk run with the CPU ticks of the gateway under test around it (compare_builds' variables)
compare_run() {
  [[ -z $JFR ]] || jcmd "${pid[$g]}" JFR.start name="$p$r" settings=profile filename="$OUT/gateway-$g-$p-round$r.jfr" >/dev/null
  c0=$(cpu_ticks "${pid[$g]}")
  wrk_run "$1" "$DURATION" "$2"
  c1=$(cpu_ticks "${pid[$g]}")
  [[ -z $JFR ]] || jcmd "${pid[$g]}" JFR.stop name="$p$r" >/dev/null
}

compare_builds() {
  local base_port=$((PORT_BASE + 85)) r g p url f c0 c1 res req rps p99 non2xx hz order
  hz=$(getconf CLK_TCK)
  cp "$BASE_JAR" "$TMP_DIR/edge-gateway-base.jar"
  start_java gateway-base edge-gateway-base "$base_port" "$GATEWAY_JAVA_OPTS${BENCH_BASE_EXTRA_OPTS:+ $BENCH_BASE_EXTRA_OPTS}" \
    "${GATEWAY_ENV[@]}"
  wait_http gateway-base "http://$BIND:$base_port/hello/id" '"instanceId"'
  declare -A port=([new]=$GATEWAY_PORT [base]=$base_port) pid=([new]=${PID_OF[edge-gateway]} [base]=${PID_OF[gateway-base]})
  mkdir -p "$OUT/wrk"
  for g in base new; do
    for p in public policy; do
      url=$(GW=http://$BIND:${port[$g]} url_of "$p")
      GW=http://$BIND:${port[$g]} url_of "$p" >/dev/null
      warm_up "$g-$p" "$url"
    done
  done
  printf 'round\tpath\tbuild\tok_s\tp99_ms\tnon2xx\tgw_cpu_us_req\n' >"$OUT/compare.tsv"
  for ((r = 1; r <= ROUNDS; r++)); do
    if ((r % 2)); then order=(base new); else order=(new base); fi
    for p in public policy; do
      for g in "${order[@]}"; do
        url=$(GW=http://$BIND:${port[$g]} url_of "$p")
        GW=http://$BIND:${port[$g]} url_of "$p" >/dev/null
        f=$OUT/wrk/compare-round$r-$p-$g.txt
        cpu_round "$p-$g" "$r" compare_run "$url" "$f"
        res=$(parse_wrk "$f")
        read -r rps _ p99 req non2xx _ <<<"$res"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$p" "$g" "$(report wrk-ok "$f")" "$p99" "$non2xx" \
          "$(report us-per-request $((c1 - c0)) "$req" "$hz")" >>"$OUT/compare.tsv"
        log "  round $r $p $g: $rps req/s, $non2xx non-2xx, neighbours $(cpu_neighbours "$p-$g" "$r") ms/s$(cpu_flag "$p-$g" "$r")"
      done
    done
  done
  WRK_ARGS=()
}

# cmed ROUTE BUILD COLUMN [OPTIONS] / clist ...: median / list over the rounds of compare.tsv
cmed() { report median "$OUT/compare.tsv" "$3" path="$1" build="$2" "${@:4}"; }
clist() { report list "$OUT/compare.tsv" "$3" path="$1" build="$2"; }

compare_summary() {
  local p
  COMMAND_LINE="$COMMAND_LINE compare ${BASE_JAR#"$ROOT"/}" summary_header "Gateway builds compared" --raw "$OUT" \
    --jar edge-gateway --jvm "new \`$GATEWAY_JAVA_OPTS${GATEWAY_EXTRA_OPTS:+ $GATEWAY_EXTRA_OPTS}\`, base \`$GATEWAY_JAVA_OPTS${BENCH_BASE_EXTRA_OPTS:+ $BENCH_BASE_EXTRA_OPTS}\`" \
    --note "new = the work tree's edge-gateway.jar; base = \`${BASE_JAR#"$ROOT"/}\`. Both run at once behind the same backend; \`wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s\`, $ROUNDS interleaved round(s) (order alternates)."
  cat <<EOF

| route | base 2xx/s | new 2xx/s | new / base | base CPU per request (µs) | new CPU per request (µs) | new / base | base 2xx/s per round | new 2xx/s per round | non-2xx base / new |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |
$(for p in public policy; do
    printf '| %s | %s | %s | **%s** | %s | %s | **%s** | %s | %s | %s / %s |\n' "$p" "$(cmed "$p" base ok_s --format %.0f)" \
      "$(cmed "$p" new ok_s --format %.0f)" "$(report ratio "$(cmed "$p" new ok_s)" "$(cmed "$p" base ok_s)")" \
      "$(cmed "$p" base gw_cpu_us_req --format %.0f)" "$(cmed "$p" new gw_cpu_us_req --format %.0f)" \
      "$(report ratio "$(cmed "$p" new gw_cpu_us_req)" "$(cmed "$p" base gw_cpu_us_req)")" "$(clist "$p" base ok_s)" "$(clist "$p" new ok_s)" \
      "$(report sum "$OUT/compare.tsv" non2xx path="$p" build=base)" "$(report sum "$OUT/compare.tsv" non2xx path="$p" build=new)"
  done)

$(cpu_summary)
EOF
}

# ---------------------------------------------------------------------------------------------------------------

ratio() { report ratio "$1" "$2"; }
# ov_median LOAD STREAM COLUMN [OPTIONS] (STREAM "all": per round, the sum over the streams)
ov_median() { report median "$OUT/overload.tsv" "$3" load="$1" $([[ $2 == all ]] || echo "stream=$2") --per round "${@:4}"; }
# ov_success LOAD STREAM: median over rounds of ok/counted
ov_success() { ov_median "$1" "$2" ok --over counted --format %.3f; }

summary() {
  local T=$OUT/throughput.tsv L=$OUT/latency.tsv p d_rps warn=""
  local -A rps p99 cpu added50 added99
  for p in "${PATHS[@]}"; do
    rps[$p]=$(col_median "$T" "$p" ok_s) p99[$p]=$(col_median "$T" "$p" p99_ms) cpu[$p]=$(col_median "$T" "$p" proxy_cpu_us_req)
  done
  d_rps=${rps[direct]}
  if awk -v l="${LOAD_AT_START%% *}" -v m="$MAX_LOAD" 'BEGIN {exit !(l >= m)}'; then
    warn="- **Warning:** the machine was busy when the run started (1-minute load ${LOAD_AT_START%% *} >= $MAX_LOAD): other work competed for the 2 cores."
  fi
  local d99 pub99 pol99
  d99=$(col_median "$L" direct ok_p99_ms) pub99=$(col_median "$L" public ok_p99_ms) pol99=$(col_median "$L" policy ok_p99_ms)
  for p in "${PATHS[@]}"; do
    added50[$p]=$(report difference "$(col_median "$L" "$p" ok_p50_ms)" "$(col_median "$L" direct ok_p50_ms)")
    added99[$p]=$(report difference "$(col_median "$L" "$p" ok_p99_ms)" "$d99")
  done

  summary_header "Policy benchmark" --raw "$OUT" --jar edge-gateway \
    --jvm "gateway and bare proxy \`$GATEWAY_JAVA_OPTS\`, backend \`$APP_JAVA_OPTS\`; backend Tomcat threads: $BACKEND_THREADS; HAProxy $(haproxy -v 2>/dev/null | head -n 1 | cut -d' ' -f3) (2 threads, default settings)"
  cat <<EOF
$warn

### Throughput: policy chain vs no policy vs HAProxy vs a bare Netty proxy vs direct

\`wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency\`, $ROUNDS interleaved round(s) (order rotates every round) after a warm-up
of each path. direct = \`GET /id\` on the backend; haproxy = the same through HAProxy; netty = the same through a bare
Reactor Netty proxy (\`bench/BareNettyProxy.java\`: the gateway's own transport, without Spring, routes or filters);
stock = \`GET /hello/id\` through stock Spring Cloud Gateway (\`bench/stock-gateway\`: the same Boot and Cloud versions,
one \`lb://sample-backend\` route over the same Eureka, default settings; it reads the registry with the reader credential);
public = \`GET /hello/id\` through the gateway (no policy); policy = \`GET /api/x\` through the gateway with a bearer token (JWT check, scope api, RateLimit raised to
1,000,000/s in this run's config copy, ShedLoad, Canary). All six reach the same single backend; wrk, the proxy and the backend
share the $(nproc) cores.

| path | median 2xx/s | range (min–max) | / direct | median p50 (ms) | median p99 (ms) | 2xx/s per round (\* = neighbours over budget) | proxy CPU per request (µs) | backend CPU per request (µs) | non-2xx |
| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |
$(for p in "${PATHS[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$p" "$(col_median "$T" "$p" ok_s --format %.0f)" \
      "$(col_range "$T" "$p" ok_s)" "$(ratio "${rps[$p]}" "$d_rps")" "$(col_median "$T" "$p" p50_ms)" "${p99[$p]}" \
      "$(col_list "$T" "$p" ok_s)" "$([[ $p != direct ]] && col_median "$T" "$p" proxy_cpu_us_req --format %.0f || echo -)" \
      "$(col_median "$T" "$p" backend_cpu_us_req)" \
      "$(($(report sum "$T" non2xx path="$p") + $(report sum "$T" socket_errors path="$p")))"
  done)

**Policy chain / direct: $(ratio "${rps[policy]}" "$d_rps")** (goal >= 0.65); policy / public: $(ratio "${rps[policy]}" "${rps[public]}"); HAProxy / direct: $(ratio "${rps[haproxy]}" "$d_rps"); bare Netty proxy / direct: $(ratio "${rps[netty]}" "$d_rps").

**Against stock Spring Cloud Gateway:** public / stock 2xx/s $(ratio "${rps[public]}" "${rps[stock]}") (goal > 1), CPU per request $(ratio "${cpu[public]}" "${cpu[stock]}") (goal < 1); policy / stock CPU per request $(ratio "${cpu[policy]}" "${cpu[stock]}") (goal <= 1.2).
**CPU per request / the bare Netty proxy's:** public $(ratio "${cpu[public]}" "${cpu[netty]}") (goal <= 1.5), policy $(ratio "${cpu[policy]}" "${cpu[netty]}") (goal <= 1.8), stock $(ratio "${cpu[stock]}" "${cpu[netty]}"), HAProxy $(ratio "${cpu[haproxy]}" "${cpu[netty]}").

#### CPU of every process during the rounds

$(cpu_summary --paths "$(IFS='|'; echo "${PATHS[*]}")")

### Latency at half load (open loop)

\`bench/OpenLoop.java\` at $HALF_RATE req/s (half the policy chain's median 2xx/s above), ${LATENCY_SECONDS}s per run of which the
first $LATENCY_WARMUP are not counted, $ROUNDS interleaved round(s); latency from each request's scheduled send time.

| path | median p50 (ms) | median p99 (ms) | p99 range (min–max) | median p99.9 (ms) | p99 per round (ms; \* = neighbours over budget) | 2xx / counted (all rounds) |
| --- | ---: | ---: | ---: | ---: | --- | ---: |
$(for p in "${PATHS[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$p" "$(col_median "$L" "$p" ok_p50_ms)" "$(col_median "$L" "$p" ok_p99_ms)" \
      "$(report range "$L" ok_p99_ms path="$p")" "$(col_median "$L" "$p" ok_p999_ms)" "$(col_list "$L" "$p" ok_p99_ms)" \
      "$(report sum "$L" ok path="$p") / $(report sum "$L" counted path="$p")"
  done)

CPU per process (ms/s) during the open-loop runs:

$(cpu_summary --table-only --paths 'half-.*')

**Added p99 of the policy chain over direct: $(report difference "$pol99" "$d99") ms** (goal <= 3 ms); public route: $(report difference "$pub99" "$d99") ms; HAProxy: $(report difference "$(col_median "$L" haproxy ok_p99_ms)" "$d99") ms; bare Netty proxy: $(report difference "$(col_median "$L" netty ok_p99_ms)" "$d99") ms; stock SCG: ${added99[stock]} ms.

| added over direct (ms) | haproxy | netty | stock | public | policy |
| --- | ---: | ---: | ---: | ---: | ---: |
| p50 | ${added50[haproxy]} | ${added50[netty]} | ${added50[stock]} | ${added50[public]} (goal <= 0.5) | ${added50[policy]} (goal <= 1) |
| p99 | ${added99[haproxy]} | ${added99[netty]} | ${added99[stock]} | ${added99[public]} | ${added99[policy]} |
| p99 / the bare proxy's | $(ratio "${added99[haproxy]}" "${added99[netty]}") | 1 | $(ratio "${added99[stock]}" "${added99[netty]}") | $(ratio "${added99[public]}" "${added99[netty]}") (goal <= 1.5) | $(ratio "${added99[policy]}" "${added99[netty]}") (goal <= 2) |

$(overload_summary)
EOF
}

# The overload section of the summary (phase 3), also the whole summary when only phase 3 ran.
overload_summary() {
  local half_ok dbl_ok goodput_half goodput_double measured=$((OVERLOAD_SECONDS - OVERLOAD_WARMUP))
  half_ok=$(ov_median half all ok) dbl_ok=$(ov_median double all ok)
  goodput_half=$(report ratio "$half_ok" "$measured" --format %.0f)
  goodput_double=$(report ratio "$dbl_ok" "$measured" --format %.0f)
  cat <<EOF
### Overload: twice the backend's capacity through the policy chain

The backend answers \`/id?delayMs=$SLOW_MS\` on $BACKEND_THREADS Tomcat threads. Capacity = \`wrk -c$BACKEND_THREADS\` straight to it
(median $CAPACITY req/s; per round: $(report list "$OUT/capacity.tsv" req_s)). Then \`GET /api/x?delayMs=$SLOW_MS\` through the gateway,
open loop, ${OVERLOAD_SECONDS}s per run of which the first $OVERLOAD_WARMUP are not counted (the limiter adapts), at half and at twice the capacity:
$MIX_CRITICAL % critical (\`X-Priority: critical\`, token with scope priority), $MIX_DEFAULT % default, $MIX_BEST_EFFORT % best-effort; $ROUNDS round(s), medians.

| load | class | offered req/s | success (2xx / sent) | 503 shed | 429 | other / errors | 2xx p50 (ms) | 2xx p99 (ms) | refusal p50 / p99 (ms) |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
$(for l in half double; do for s in critical default best-effort; do
    printf '| %s | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s / %s |\n' "$l" "$s" "$(ov_median "$l" "$s" rate)" \
      "$(ov_success "$l" "$s")" "$(ov_median "$l" "$s" r503)" "$(ov_median "$l" "$s" r429)" "$(ov_median "$l" "$s" other)" \
      "$(ov_median "$l" "$s" errors)" "$(ov_median "$l" "$s" ok_p50_ms)" "$(ov_median "$l" "$s" ok_p99_ms)" \
      "$(ov_median "$l" "$s" refused_p50_ms)" "$(ov_median "$l" "$s" refused_p99_ms)"
  done; done)

CPU per process (ms/s) during the capacity runs and the overload runs:

$(cpu_summary --table-only --paths 'capacity|overload-.*')

Counts are per run (medians of rounds); "503 shed" carries \`Retry-After\` (ShedLoad), "other" includes a 503 without it
(the gateway found no instance to send to).

- **Goodput at 2x / capacity: $(ratio "$goodput_double" "$CAPACITY")** ($goodput_double of $CAPACITY req/s; goal >= 0.9); at half load $goodput_half req/s.
- **Admitted p99 at 2x / at half load:** critical $(ratio "$(ov_median double critical ok_p99_ms)" "$(ov_median half critical ok_p99_ms)"), default $(ratio "$(ov_median double default ok_p99_ms)" "$(ov_median half default ok_p99_ms)").
- **Refusal latency at 2x** (503/429 answer time, median of rounds): default p50 $(ov_median double default refused_p50_ms) ms / p99 $(ov_median double default refused_p99_ms) ms, best-effort p50 $(ov_median double best-effort refused_p50_ms) ms / p99 $(ov_median double best-effort refused_p99_ms) ms.
- **Critical class at 2x: $(ov_success double critical) served** (goal: all).
EOF
}

main() {
  MODE=${1:-run}
  case $MODE in
    run) ;;
    compare) BASE_JAR=$(realpath "${2:?usage: bench/policy-bench.sh compare BASE.jar}") ;;
    help | -h | --help) print_help "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "usage: bench/policy-bench.sh [help | compare BASE.jar]" >&2; exit 2 ;;
  esac
  stop_everything_on_exit
  install_prerequisites
  command -v haproxy >/dev/null || {
    log "Installing haproxy"
    DEBIAN_FRONTEND=noninteractive $( (($(id -u) == 0)) || echo sudo) apt-get install -y -qq haproxy >/dev/null
  }
  TRIALS=0
  bench_ports
  check_ports "$HAPROXY_PORT" "$NETTY_PORT" "$STOCK_PORT"
  wait_for_quiet_machine
  SECONDS=0
  mkdir -p "$LOG_DIR" "$OUT/stop"
  cpu_init "$OUT/cpu"
  TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/edgeway-policy-bench.XXXXXX")
  build_if_missing
  mkdir -p "$TMP_DIR/openloop"
  javac -d "$TMP_DIR/openloop" "$ROOT/bench/OpenLoop.java"
  make_tokens
  config_git_repo
  log "Output: $OUT"
  start_stack
  check_policy_route
  if [[ $MODE == compare ]]; then
    compare_builds
    compare_summary >"$OUT/summary.md"
  elif [[ $PHASES == 3 ]]; then
    overload_rounds
    { summary_header "Policy benchmark, overload only" --raw "$OUT" --jar edge-gateway \
        --jvm "gateway \`$GATEWAY_JAVA_OPTS\`, backend \`$APP_JAVA_OPTS\`; backend Tomcat threads: $BACKEND_THREADS"
      overload_summary; } >"$OUT/summary.md"
  else
    start_haproxy
    start_netty_proxy
    start_stock_gateway
    log "Throughput: ${PATHS[*]}"
    throughput_rounds
    latency_rounds
    overload_rounds
    summary >"$OUT/summary.md"
  fi
  publish_summary "$OUT/summary.md" "$DOC"
}

# Sourced (bench/soak-bench.sh reuses the helpers above): define only, run nothing.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi

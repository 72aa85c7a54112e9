#!/usr/bin/env bash
# Where the gateway's CPU and memory go per request, at a fixed moderate load: numbers that a busy neighbour cannot
# skew the way it skews CPU timings.
#
#   bench/profile-bench.sh    starts the policy benchmark's stack (one backend, RateLimit raised), warms up each path
#                             with wrk, then per round and path sends BENCH_RATE requests/s open loop
#                             (bench/OpenLoop.java) and records the gateway with JDK Flight Recorder (profile
#                             settings but a CPU sample every 1 ms, stacks 1024 deep) for BENCH_PROFILE_SECONDS;
#                             bench/JfrShares.java reads each recording with the number of requests the gateway
#                             answered meanwhile (http.server.requests): bytes allocated per request, the share of CPU
#                             samples of each known cost, the top methods and allocation sites. Prints a summary (not
#                             appended to docs/). Keep the rate well below what the machine can carry: requests the
#                             limiter sheds cost less than served ones.
#
#   bench/profile-bench.sh compare BASE.jar
#                             the same with two gateways side by side on the same backend, the work tree's build
#                             ("new") and BASE.jar ("base"), one after the other in every round (the order alternates),
#                             so that both see the same machine
#
# Settings (environment, all optional; the rest as in policy-bench.sh and gateway-bench.sh):
#   BENCH_RATE=300              requests/s during the recordings (the same for every path)
#   BENCH_PROFILE_SECONDS=30    seconds per recording (after 5 s of the rate without one)
#   BENCH_PROFILE_PATHS="public policy"   paths of policy-bench.sh to profile
#   BENCH_ROUNDS=1              recordings per path and gateway (interleaved)
#   BENCH_PORT_BASE=18700       ports as in policy-bench.sh; the base gateway on +85 (its actuator on +185)
# The .jfr files and JfrShares' output per recording stay in the output folder (bench/out/<UTC time>/profile/).
set -Eeuo pipefail

: "${BENCH_PORT_BASE:=18700}" "${BENCH_ROUNDS:=1}"
# shellcheck source=bench/policy-bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/policy-bench.sh"

COMMAND_LINE=$(bench_command_line bench/profile-bench.sh)
RATE=${BENCH_RATE:-300}
PROFILE_SECONDS=${BENCH_PROFILE_SECONDS:-30}
read -r -a PROFILE_PATHS <<<"${BENCH_PROFILE_PATHS:-public policy}"
GATEWAY_EXTRA_OPTS="${GATEWAY_EXTRA_OPTS:+$GATEWAY_EXTRA_OPTS }-XX:FlightRecorderOptions:stackdepth=1024"
BASE_PORT=$((PORT_BASE + 85))
BUILDS=(new)
declare -A GW_OF=() PID_OF_BUILD=()

# answered BUILD: the requests that gateway has answered (http.server.requests, every status), from its actuator
answered() {
  curl -s -m 5 -u "operator:$OPERATOR_PASSWORD" \
    "http://$BIND:$((${GW_OF[$1]##*:} + MANAGEMENT_OFFSET))/actuator/metrics/http.server.requests" \
    | grep -oE '"statistic":"COUNT","value":[0-9.E+]+' | cut -d: -f3 | awk '{printf "%.0f\n", $1}'
}

# record BUILD NAME FILE: JFR on that gateway from 5 s after now, for PROFILE_SECONDS; the requests it answered
# meanwhile go to FILE.requests
record() {
  local before after pid=${PID_OF_BUILD[$1]}
  sleep 5
  before=$(answered "$1")
  jcmd "$pid" JFR.start name="$2" settings="$JFC" filename="$3" >/dev/null
  sleep "$PROFILE_SECONDS"
  jcmd "$pid" JFR.stop name="$2" >/dev/null
  after=$(answered "$1")
  echo $((after - before)) >"$3.requests"
}

# JDK Flight Recorder's profile settings with a CPU sample every 1 ms instead of 10 ms: a moderate rate on a shared
# machine gives the gateway little CPU time to sample.
make_jfc() {
  JFC=$TMP_DIR/profile-1ms.jfc
  sed -E '/<event name="jdk.ExecutionSample">/,/<\/event>/ s#<setting name="period"[^>]*>[^<]*<#<setting name="period">1 ms<#' \
    "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" >"$JFC"
  grep -q '<setting name="period">1 ms<' "$JFC" || die "could not set the sampling period in $JFC"
}

start_base_gateway() {
  cp "$BASE_JAR" "$TMP_DIR/edge-gateway-base.jar"
  start_java gateway-base edge-gateway-base "$BASE_PORT" "$GATEWAY_JAVA_OPTS $GATEWAY_EXTRA_OPTS" "${GATEWAY_ENV[@]}"
  wait_http gateway-base "http://$BIND:$BASE_PORT/hello/id" '"instanceId"'
  BUILDS=(base new)
}

profile_rounds() {
  local r i b path order builds f recorder c0 c1 hz
  hz=$(getconf CLK_TCK)
  GW_OF=([new]=$GW [base]=http://$BIND:$BASE_PORT)
  PID_OF_BUILD=([new]=${PID_OF[edge-gateway]} [base]=${PID_OF[gateway-base]:-})
  mkdir -p "$OUT/profile" "$OUT/wrk"
  for b in "${BUILDS[@]}"; do
    for path in "${PROFILE_PATHS[@]}"; do
      GW=${GW_OF[$b]} url_of "$path" >/dev/null
      warm_up "$b-$path" "$(GW=${GW_OF[$b]} url_of "$path")"
    done
  done
  WRK_ARGS=()
  printf 'round\tpath\tbuild\tbytes_per_request\tgateway_cpu_us_req\tok\tcounted\n' >"$OUT/profile.tsv"
  for ((r = 1; r <= ROUNDS; r++)); do
    order=()
    for ((i = 0; i < ${#PROFILE_PATHS[@]}; i++)); do
      order+=("${PROFILE_PATHS[$(((i + r - 1) % ${#PROFILE_PATHS[@]}))]}")
    done
    builds=("${BUILDS[@]}")
    if ((${#BUILDS[@]} == 2 && r % 2 == 0)); then builds=(new base); fi
    for path in "${order[@]}"; do
      for b in "${builds[@]}"; do
        f=$OUT/profile/$path-$b-round$r
        record "$b" "$path-$b$r" "$f.jfr" &
        recorder=$!
        track "$recorder"
        c0=$(cpu_ticks "${PID_OF_BUILD[$b]}")
        open_loop "$f.openloop.tsv" $((PROFILE_SECONDS + 7)) 0 \
          "$path|$RATE|$(GW=${GW_OF[$b]} url_of "$path")$(headers_of "$path")"
        c1=$(cpu_ticks "${PID_OF_BUILD[$b]}")
        reap "$recorder"
        java "$ROOT/bench/JfrShares.java" "$f.jfr" "$(cat "$f.jfr.requests")" 20 >"$f.txt"
        read -r ok counted < <(report cells "$f.openloop.tsv" ok counted stream="$path")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$path" "$b" \
          "$(sed -nE 's/^allocated per request: ([0-9]+) bytes on the reactor-http threads.*/\1/p' "$f.txt")" \
          "$(report us-per-request $((c1 - c0)) "$counted" "$hz")" "$ok" "$counted" >>"$OUT/profile.tsv"
        log "  round $r $path $b: $(sed -n 2p "$f.txt") ($ok/$counted 2xx, $(grep -m1 'execution samples' "$f.txt"))"
      done
    done
  done
}

profile_summary() {
  local path b f
  summary_header "Gateway profile at a fixed rate" --raw "$OUT" --jar edge-gateway \
    --jvm "gateway \`$GATEWAY_JAVA_OPTS $GATEWAY_EXTRA_OPTS\`, backend \`$APP_JAVA_OPTS\`" \
    ${BASE_JAR:+--note "new = the work tree's edge-gateway.jar; base = \`${BASE_JAR#"$ROOT"/}\`, both running side by side on the same backend"}
  cat <<EOF

\`bench/OpenLoop.java\` at $RATE req/s per path, JFR (\`settings=profile\`, CPU samples every 1 ms) for ${PROFILE_SECONDS}s of each run, $ROUNDS round(s);
read by \`bench/JfrShares.java\`. CPU µs per request comes from /proc and moves with the machine's other work.

| round | path | build | bytes allocated per request (reactor-http threads) | gateway CPU per request (µs) | 2xx / sent |
| --- | --- | --- | ---: | ---: | ---: |
$(tail -n +2 "$OUT/profile.tsv" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s / %s |\n", $1, $2, $3, $4, $5, $6, $7}')
EOF
  for path in "${PROFILE_PATHS[@]}"; do
    for b in "${BUILDS[@]}"; do
      for f in "$OUT/profile/$path-$b"-round*.txt; do
        printf '\n#### %s\n\n```\n%s\n```\n' "$(basename "$f" .txt)" "$(cat "$f")"
      done
    done
  done
}

main() {
  case ${1:-run} in
    run) ;;
    compare) BASE_JAR=$(realpath "${2:?usage: bench/profile-bench.sh compare BASE.jar}") ;;
    help | -h | --help) print_help "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "usage: bench/profile-bench.sh [help | compare BASE.jar]" >&2; exit 2 ;;
  esac
  stop_everything_on_exit
  install_prerequisites
  TRIALS=0
  bench_ports
  [[ -z ${BASE_JAR:-} ]] || check_ports "$BASE_PORT" $((BASE_PORT + MANAGEMENT_OFFSET))
  wait_for_quiet_machine
  SECONDS=0
  mkdir -p "$LOG_DIR" "$OUT/stop"
  cpu_init "$OUT/cpu"
  TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/edgeway-profile-bench.XXXXXX")
  build_if_missing
  mkdir -p "$TMP_DIR/openloop"
  javac -d "$TMP_DIR/openloop" "$ROOT/bench/OpenLoop.java"
  make_jfc
  make_tokens
  config_git_repo
  log "Output: $OUT"
  start_stack
  check_policy_route
  [[ -z ${BASE_JAR:-} ]] || start_base_gateway
  profile_rounds
  profile_summary >"$OUT/summary.md"
  cat "$OUT/summary.md"
}

main "$@"

#!/usr/bin/env bash
# What the gateway's metrics, access log and tracing cost per request: gateways that differ only in these settings
# run side by side behind the same backend, and wrk measures each on the public route (/hello/id) and the policy chain
# (/api/x: JWT, RateLimit, ShedLoad, Canary) in interleaved rounds (the order rotates every round).
#
#   bench/observability-cost.sh     build the jars if missing, run (about 14 minutes at the defaults), print a
#                                   Markdown summary and append it to docs/benchmarks.md
#
# The variants (BENCH_VARIANTS, any of these, in this order by default):
#   none            no metrics (management.metrics.enable.all=false: every meter a no-op), access log and tracing off
#   off             metrics as shipped, access log off (logging.level.edgeway.access=off), tracing off
#                   (management.tracing.enabled=false)
#   access-log      the access log as shipped (INFO, plain text to the console), tracing off
#   tracing         tracing as shipped (trace ids, traceparent to the backend, X-Trace-Id; 10 % sampled) with no
#                   OTLP endpoint, so no exporter; access log off
#   sampled         tracing with every request sampled (recorded spans), still no exporter; access log off
#   export          every request sampled and exported over OTLP/HTTP to a collector stand-in (bench/OtlpSink.java,
#                   its CPU recorded with every other process); access log off
#   shipped         everything as shipped: access log on, tracing on, no exporter
# The summary gives each variant's median 2xx/s and gateway CPU per request, and CPU per request / the first
# variant's (none by default): off / none is the cost of the metrics, access-log / off that of the access log.
#
# Settings (environment, all optional; the rest as in policy-bench.sh and gateway-bench.sh):
#   BENCH_VARIANTS="none off access-log tracing sampled export shipped"
#   BENCH_ROUNDS=3  BENCH_DURATION=10  BENCH_CONNECTIONS=16  BENCH_WARMUP=10  BENCH_WARMUP_REQUESTS=20000
#   BENCH_PORT_BASE=18500     as in policy-bench.sh; the variants' gateways on +85 upwards (actuator +100), the
#                             collector stand-in on +84
#   BENCH_NEIGHBOUR_BUDGET, BENCH_NEIGHBOUR_REPEATS, BENCH_DOC, BENCH_OUT, BENCH_LOAD_WAIT, BENCH_MAX_LOAD,
#   BENCH_GATEWAY_JAVA_OPTS   as in gateway-bench.sh
# Traffic goes to 127.0.0.1 only. Every process the script starts is stopped on exit, Ctrl-C or error.
set -Eeuo pipefail

# shellcheck source=bench/policy-bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/policy-bench.sh"

COMMAND_LINE=$(bench_command_line bench/observability-cost.sh)
read -r -a VARIANTS <<<"${BENCH_VARIANTS:-none off access-log tracing sampled export shipped}"
SINK_PORT=$((PORT_BASE + 84))
VARIANT_PORT_BASE=$((PORT_BASE + 85))
declare -A VARIANT_PORT=()

# variant_env NAME: the environment that makes a gateway that variant
variant_env() {
  case $1 in
    none) echo MANAGEMENT_METRICS_ENABLE_ALL=false LOGGING_LEVEL_EDGEWAY_ACCESS=off MANAGEMENT_TRACING_ENABLED=false ;;
    off) echo LOGGING_LEVEL_EDGEWAY_ACCESS=off MANAGEMENT_TRACING_ENABLED=false ;;
    access-log) echo MANAGEMENT_TRACING_ENABLED=false ;;
    tracing) echo LOGGING_LEVEL_EDGEWAY_ACCESS=off ;;
    sampled) echo LOGGING_LEVEL_EDGEWAY_ACCESS=off TRACING_SAMPLING_PROBABILITY=1.0 ;;
    export) echo LOGGING_LEVEL_EDGEWAY_ACCESS=off TRACING_SAMPLING_PROBABILITY=1.0 \
      MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT=http://$BIND:$SINK_PORT/v1/traces ;;
    shipped) echo ;;
    *) die "unknown variant $1 (none, off, access-log, tracing, sampled, export, shipped)" ;;
  esac
}

start_sink() {
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m "$ROOT/bench/OtlpSink.java" "$SINK_PORT" \
    >"$LOG_DIR/otlp-sink.log" 2>&1 &
  PID_OF[otlp-sink]=$!
  track $!
  log "Started otlp-sink (pid $!, port $SINK_PORT)"
  until_true 60 "the OTLP sink to listen" port_in_use "$SINK_PORT"
}

# Every variant's gateway, one at a time (each starts in less contention), all routing to the stack's backend.
start_variants() {
  local i=0 v port env_args
  for v in "${VARIANTS[@]}"; do
    port=$((VARIANT_PORT_BASE + i))
    i=$((i + 1))
    VARIANT_PORT[$v]=$port
    read -r -a env_args <<<"$(variant_env "$v")"
    start_java "gw-$v" edge-gateway "$port" "$GATEWAY_JAVA_OPTS" "${GATEWAY_ENV[@]}" ${env_args[@]+"${env_args[@]}"}
    wait_http "gw-$v" "http://$BIND:$port/readyz" '"UP"'
    answers "http://$BIND:$port/hello/id" "$ID1" "gw-$v" 60 || die "gateway $v does not route to $ID1 within 60 s"
  done
}

# variant_run URL OUTFILE: one wrk run with the CPU ticks of the variant's gateway around it (rounds' variables)
variant_run() {
  c0=$(cpu_ticks "${PID_OF[gw-$v]}")
  wrk_run "$1" "$DURATION" "$2"
  c1=$(cpu_ticks "${PID_OF[gw-$v]}")
}

variant_rounds() {
  local r v p url f c0 c1 req rps p99 non2xx hz n=${#VARIANTS[@]} k order
  hz=$(getconf CLK_TCK)
  mkdir -p "$OUT/wrk"
  for v in "${VARIANTS[@]}"; do
    for p in public policy; do
      url=$(GW=http://$BIND:${VARIANT_PORT[$v]} url_of "$p")
      GW=http://$BIND:${VARIANT_PORT[$v]} url_of "$p" >/dev/null
      warm_up "$v-$p" "$url"
    done
  done
  printf 'round\tpath\tvariant\tok_s\tp99_ms\tnon2xx\tgw_cpu_us_req\n' >"$OUT/variants.tsv"
  for ((r = 1; r <= ROUNDS; r++)); do
    # Rotated each round, so that no variant always runs first or right after the same one.
    order=()
    for ((k = 0; k < n; k++)); do order+=("${VARIANTS[(k + r - 1) % n]}"); done
    for p in public policy; do
      for v in "${order[@]}"; do
        url=$(GW=http://$BIND:${VARIANT_PORT[$v]} url_of "$p")
        GW=http://$BIND:${VARIANT_PORT[$v]} url_of "$p" >/dev/null
        f=$OUT/wrk/round$r-$p-$v.txt
        cpu_round "$p-$v" "$r" variant_run "$url" "$f"
        read -r rps _ p99 req non2xx _ <<<"$(parse_wrk "$f")"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$p" "$v" "$(report wrk-ok "$f")" "$p99" "$non2xx" \
          "$(report us-per-request $((c1 - c0)) "$req" "$hz")" >>"$OUT/variants.tsv"
        log "  round $r $p $v: $rps req/s, $non2xx non-2xx, neighbours $(cpu_neighbours "$p-$v" "$r") ms/s$(cpu_flag "$p-$v" "$r")"
      done
    done
  done
  WRK_ARGS=()
}

# vmed PATH VARIANT COLUMN [OPTIONS] / vlist ...: median / list over the rounds of variants.tsv
vmed() { report median "$OUT/variants.tsv" "$3" path="$1" variant="$2" "${@:4}"; }
vlist() { report list "$OUT/variants.tsv" "$3" path="$1" variant="$2"; }

variants_summary() {
  local p v base=${VARIANTS[0]}
  summary_header "Observability cost: metrics, access log and tracing" --raw "$OUT" --jar edge-gateway \
    --jvm "every gateway \`$GATEWAY_JAVA_OPTS\`" \
    --note "Variants side by side behind one backend: ${VARIANTS[*]} (bench/observability-cost.sh explains each); \`wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s\`, $ROUNDS interleaved round(s), order rotated each round. Ratios are to ${base}."
  cat <<EOF

| route | variant | 2xx/s | gateway CPU per request (µs) | CPU per request / $base | p99 (ms) | 2xx/s per round | CPU µs per round | non-2xx |
| --- | --- | ---: | ---: | ---: | ---: | --- | --- | ---: |
$(for p in public policy; do
    for v in "${VARIANTS[@]}"; do
      printf '| %s | %s | %s | %s | **%s** | %s | %s | %s | %s |\n' "$p" "$v" "$(vmed "$p" "$v" ok_s --format %.0f)" \
        "$(vmed "$p" "$v" gw_cpu_us_req --format %.0f)" \
        "$(report ratio "$(vmed "$p" "$v" gw_cpu_us_req)" "$(vmed "$p" "$base" gw_cpu_us_req)")" \
        "$(vmed "$p" "$v" p99_ms)" "$(vlist "$p" "$v" ok_s)" "$(vlist "$p" "$v" gw_cpu_us_req)" \
        "$(report sum "$OUT/variants.tsv" non2xx path="$p" variant="$v")"
    done
  done)

$(cpu_summary)
EOF
}

observability_main() {
  case ${1:-run} in
    run) ;;
    help | -h | --help) print_help "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "usage: bench/observability-cost.sh [help]" >&2; exit 2 ;;
  esac
  local v i
  for v in "${VARIANTS[@]}"; do variant_env "$v" >/dev/null; done
  stop_everything_on_exit
  install_prerequisites
  TRIALS=0
  bench_ports
  check_ports "$SINK_PORT" $(for ((i = 0; i < ${#VARIANTS[@]}; i++)); do
    echo $((VARIANT_PORT_BASE + i)) $((VARIANT_PORT_BASE + i + MANAGEMENT_OFFSET)); done)
  wait_for_quiet_machine
  SECONDS=0
  mkdir -p "$LOG_DIR" "$OUT/stop"
  cpu_init "$OUT/cpu"
  TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/edgeway-observability-cost.XXXXXX")
  build_if_missing
  make_tokens
  config_git_repo
  log "Output: $OUT"
  start_stack
  check_policy_route
  # The stack's own gateway is not measured: stopped, so that it costs no CPU beside the variants.
  stop_pids "${PID_OF[edge-gateway]}"
  start_sink
  start_variants
  variant_rounds
  variants_summary >"$OUT/summary.md"
  publish_summary "$OUT/summary.md" "$DOC"
}

observability_main "$@"

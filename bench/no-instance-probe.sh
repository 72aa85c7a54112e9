#!/usr/bin/env bash
# Looks for the gateway's 503 "no instance" answers while Eureka lists the backend UP (docs/benchmarks.md, policy
# benchmark of 2026-11-22 09:39): the stack of bench/gateway-bench.sh with one backend, then closed-loop wrk runs (10 s timeout) on
# the gateway's /hello/id that count every answer by status and each 503 by cause (bench/lib/status-by-cause.lua),
# while the registry is polled about 15 times a second. Meant for a loaded machine: it does not wait for a quiet one.
#
#   bench/no-instance-probe.sh
#
# Settings (environment, all optional): BENCH_PROBE_RUNS=3 wrk runs of BENCH_PROBE_SECONDS=60 s each, wrk -t2 and
# BENCH_CONNECTIONS=32; BENCH_PORT_BASE as bench/gateway-bench.sh (default 18000). Output in bench/out/<UTC time>.
set -Eeuo pipefail

# shellcheck source=bench/gateway-bench.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/gateway-bench.sh"
RUNS=${BENCH_PROBE_RUNS:-3}
PROBE_SECONDS=${BENCH_PROBE_SECONDS:-60}

probe() {
  run_or_help "${BASH_SOURCE[0]}" "$@"
  stop_everything_on_exit
  install_prerequisites
  check_ports $CONFIG_PORT $DISCOVERY_PORT $GATEWAY_PORT $BACKEND1_PORT
  mkdir -p "$LOG_DIR" "$OUT/stop" "$OUT/wrk"
  TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/edgeway-bench.XXXXXX")
  build_if_missing
  config_git_repo
  start_stack
  eureka_poller "$OUT/registry.tsv" "$OUT/stop/registry" $((RUNS * (PROBE_SECONDS + 30))) &
  track $!
  local i
  for ((i = 1; i <= RUNS; i++)); do
    log "Run $i of $RUNS (load $(cut -d' ' -f1-3 /proc/loadavg))"
    wrk -t2 -c"$CONNECTIONS" -d"$PROBE_SECONDS"s --timeout 10s -s "$ROOT/bench/lib/status-by-cause.lua" "$GW/hello/id" \
      >"$OUT/wrk/run-$i.txt" 2>&1
    grep -E '^status |requests in|Non-2xx|Socket errors' "$OUT/wrk/run-$i.txt" | sed "s/^/  run $i: /" >&2
  done
  touch "$OUT/stop/registry"
  log "Load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  log "Registry polls: $(wc -l <"$OUT/registry.tsv"), with the backend UP: $(grep -c '"status":"UP"' "$OUT/registry.tsv")"
  log "Gateway 503s by exception: $(curl -s -u "operator:$OPERATOR_PASSWORD" \
    "$GW_MANAGEMENT/actuator/metrics/http.server.requests?tag=status:503" | grep -o '"tag":"exception","values":\[[^]]*\]' || echo none)"
  log "Empty registry look-ups answered with the last instances (LastKnownInstances): $(curl -s \
    -u "operator:$OPERATOR_PASSWORD" "$GW_MANAGEMENT/actuator/metrics/edgeway.loadbalancer.empty-lookups.covered" \
    | grep -o '"statistic":"COUNT","value":[0-9.]*' || echo none)"
  log "Gateway WARN/ERROR lines: $(grep -cE ' (WARN|ERROR) ' "$LOG_DIR/edge-gateway.log" || true)"
}

probe "$@"

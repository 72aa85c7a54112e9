#!/usr/bin/env bash
# Idle CPU of the whole edgeway stack: what every service of ./run.sh burns while nobody sends it a request.
#
#   bench/idle-bench.sh     start ./run.sh as a user would, wait until it is up, let it settle, then measure every
#                           process's CPU over a few windows (about 5 minutes at the defaults); print a Markdown
#                           summary (each service's share, the stack's total against the goal, any other process that
#                           used CPU meanwhile) and append it to docs/benchmarks.md; stop ./run.sh by its PID
#
# Settings (environment, all optional):
#   BENCH_SETTLE=60           seconds between "edgeway is up" and the first window: the stack idles for a minute
#   BENCH_WINDOW=60           seconds per window              BENCH_WINDOWS=3   windows (median and range)
#   BENCH_GOAL=50             CPU ms per second the whole idle stack may use
#   BENCH_PROFILE=            non-empty: one more window in which every JVM of the stack is recorded by JDK Flight
#                             Recorder (profile settings); per JVM, its busiest threads (jdk.ThreadCPULoad) and top
#                             frames (jdk.ExecutionSample). Not during the measured windows: JFR costs CPU itself.
#   BENCH_PORT_WAIT=0         wait up to this many seconds for run.sh's ports to be free (another stack running)
#   BENCH_START_TIMEOUT=600   seconds for ./run.sh to report the stack up
#   BENCH_NEIGHBOUR_BUDGET=50  BENCH_NEIGHBOUR_REPEATS=2   a window in which processes outside the stack used more
#                             than the budget (ms/s) is measured again, up to the repeats, then kept and flagged
#   BENCH_DOC=<repo>/docs/benchmarks.md   file the summary is appended to (empty: none)
#   BENCH_OUT=<repo>/bench/out/idle-<UTC time>   run.sh's output, per-window tables, JFR files and the summary
# Processes outside the stack count as neighbours: a stack measured next to a busy process shares the 2 cores with it.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib/common.sh
source "$ROOT/bench/lib/common.sh"
COMMAND_LINE=$(bench_command_line bench/idle-bench.sh)
SETTLE=${BENCH_SETTLE:-60}
WINDOW=${BENCH_WINDOW:-60}
WINDOWS=${BENCH_WINDOWS:-3}
GOAL=${BENCH_GOAL:-50}
PROFILE=${BENCH_PROFILE:-}
PORT_WAIT=${BENCH_PORT_WAIT:-0}
START_TIMEOUT=${BENCH_START_TIMEOUT:-600}
DOC=${BENCH_DOC-$ROOT/docs/benchmarks.md}
OUT=${BENCH_OUT:-$ROOT/bench/out/idle-$(date -u +%Y%m%dT%H%M%SZ)}
BIND=${EDGEWAY_BIND:-127.0.0.1}
PORTS=(8888 8761 8081 8082 8083 8070 8080 9443 9080)
RUN_PID=""
declare -A PID_OF=()

# Stops ./run.sh by its PID (its TERM handler stops its children); the children by their PIDs if it could not.
before_stop() {
  [[ -n $RUN_PID ]] && kill -0 "$RUN_PID" 2>/dev/null || return 0
  log "Stopping ./run.sh (pid $RUN_PID)"
  STOP_GRACE=60 stop_pids "$RUN_PID"
  if ((STOP_KILLED)); then
    local pid
    for pid in "${PID_OF[@]}"; do [[ $pid == "$RUN_PID" ]] || kill -KILL "$pid" 2>/dev/null; done
  fi
}
after_stop() { (($1 == 0)) || log "Exited with status $1; output in $OUT"; }
stop_everything_on_exit


wait_for_ports() {
  local deadline=$((SECONDS + PORT_WAIT)) busy
  while :; do
    busy=$(busy_ports "${PORTS[@]}")
    [[ -n $busy ]] || return 0
    ((SECONDS < deadline)) || die "ports in use:$busy (another ./run.sh stack?); BENCH_PORT_WAIT=600 waits for them"
    log "ports in use:$busy; waiting (up to ${PORT_WAIT}s in all)"
    sleep 15
  done
}

start_stack() {
  log "Starting ./run.sh (output: ${OUT#"$ROOT"/}/run.log)"
  "$ROOT/run.sh" >"$OUT/run.log" 2>&1 &
  RUN_PID=$!
  track "$RUN_PID"
  local deadline=$((SECONDS + START_TIMEOUT)) f
  until grep -q 'edgeway is up' "$OUT/run.log"; do
    kill -0 "$RUN_PID" 2>/dev/null || { tail -n 30 "$OUT/run.log" >&2; RUN_PID=""; die "./run.sh exited before the stack was up"; }
    ((SECONDS < deadline)) || die "the stack was not up within ${START_TIMEOUT}s"
    sleep 1
  done
  STARTED_IN=$SECONDS
  PID_OF[run.sh]=$RUN_PID
  for f in "$ROOT"/.run/*.pid; do PID_OF[$(basename "$f" .pid)]=$(<"$f"); done
  log "Stack up after ${STARTED_IN}s: $(for n in "${!PID_OF[@]}"; do printf '%s=%s ' "$n" "${PID_OF[$n]}"; done)"
}

# The profile window: every JVM of the stack recorded by JFR while ProcessCpu measures it.
profile_window() {
  local name pid jobs=() f
  mkdir -p "$OUT/jfr"
  for name in "${!PID_OF[@]}"; do
    [[ $name != run.sh ]] || continue
    jcmd "${PID_OF[$name]}" JFR.start name=idle-bench settings=profile duration="${WINDOW}s" \
      filename="$OUT/jfr/$name.jfr" >"$OUT/jfr/$name.start.txt" 2>&1 &
    jobs+=($!)
  done
  for pid in "${jobs[@]}"; do wait "$pid" || true; done
  CPU_MAX_REPEATS=0 cpu_round profile 1 sleep "$WINDOW"
  for name in "${!PID_OF[@]}"; do
    [[ $name != run.sh ]] || continue
    f=$OUT/jfr/$name.jfr
    for ((pid = 0; pid < 60; pid++)); do [[ -s $f ]] && break; sleep 1; done
  done
}

profile_section() {
  local name f total
  cat <<EOF

### Where the idle CPU goes (JFR, one more window of ${WINDOW}s)

Every JVM recorded with \`settings=profile\` (the recording costs CPU itself, so this window is not one of the measured
ones). CPU per Java thread from \`jdk.ThreadCPULoad\` (ms/s; numbers in thread names folded to N); what is left of the
JVM's total is GC, JIT and other VM threads. Top frames: the running method of \`jdk.ExecutionSample\` (Java code only).
Files: \`${OUT#"$ROOT"/}/jfr/\`.

| JVM | total ms/s (this window) | busiest Java threads (ms/s) | top frames (samples, share) |
| --- | ---: | --- | --- |
EOF
  for name in $(printf '%s\n' "${!PID_OF[@]}" | sort); do
    [[ $name != run.sh ]] || continue
    f=$OUT/jfr/$name.jfr
    total=$(report measured-cpu "$CPU_DIR/usage.tsv" profile - "$name" --format %.0f)
    if [[ ! -s $f ]]; then
      printf '| %s | %s | no recording (%s) | |\n' "$name" "$total" "$(tr '\n' ' ' <"$OUT/jfr/$name.start.txt" | cut -c1-80)"
      continue
    fi
    printf '| %s | %s | %s | %s |\n' "$name" "$total" "$(report jfr-threads "$f" "$(nproc)")" "$(report jfr-frames "$f")"
  done
}

summary() {
  local U=$CPU_DIR/usage.tsv
  summary_header "Idle stack CPU" --raw "$OUT" --jvm "as \`./run.sh\` starts each service (jvm/*.options)" \
    --note "Stack: \`./run.sh\` as is, up ${STARTED_IN}s after it started, then ${SETTLE}s to settle; $WINDOWS window(s) of ${WINDOW}s with no request sent"
  cat <<EOF

$(report idle-services "$U")

$(report idle-verdict "$U" "$GOAL")

Other processes that used CPU during the windows (not part of the stack; they shared the $(nproc) cores with it):

$(report idle-others "$U")

$(cpu_flagged)
$([[ -z $PROFILE ]] || profile_section)
EOF
}

main() {
  run_or_help "${BASH_SOURCE[0]}" "$@"
  mkdir -p "$OUT"
  wait_for_ports
  SECONDS=0
  LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
  start_stack
  CPU_ROOTS=$RUN_PID
  cpu_init "$OUT/cpu"
  log "Settling for ${SETTLE}s"
  sleep "$SETTLE"
  local w
  for ((w = 1; w <= WINDOWS; w++)); do
    log "Window $w/$WINDOWS: ${WINDOW}s"
    cpu_round idle "$w" sleep "$WINDOW"
    log "  stack $(report measured-cpu "$CPU_DIR/usage.tsv" idle "$w" - --format %.1f) ms/s, neighbours $(cpu_neighbours idle "$w") ms/s"
  done
  if [[ -n $PROFILE ]]; then
    log "Profile window: JFR on every JVM for ${WINDOW}s"
    profile_window
  fi
  summary >"$OUT/summary.md"
  publish_summary "$OUT/summary.md" "$DOC"
}

main "$@"

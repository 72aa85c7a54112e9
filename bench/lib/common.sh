# shellcheck shell=bash
# What every bench script does the same way, sourced by them: logging, the processes it starts (stopped by PID, never
# by name), ports, waiting for a service or a condition, the command line it records, and the report harness; it
# sources the rest of the library (jars.sh, cpu.sh, publish.sh), so a script sources this file alone.
#
#   log MESSAGE... / die MESSAGE...    a timed line on stderr / that line and exit 1
#   print_help SCRIPT                  the script's header comment (its settings)
#   run_or_help SCRIPT [ARG]           "help": print_help and exit; no ARG or "run": go on; else usage, exit 2
#   bench_command_line SCRIPT [VAR...] the command as run: every BENCH_* setting (and VARs) quoted, then SCRIPT
#   track PID / untrack PID / reap PID a process this script started: recorded / forgotten / waited for and forgotten
#   stop_pids PID...                   TERM, up to STOP_GRACE (25) s, then KILL (STOP_KILLED=1 when one needed it)
#   stop_everything_on_exit            on any exit (error, Ctrl-C, TERM, the end): before_stop (if the script has
#                                      one), every tracked process stopped, after_stop RC (if it has one)
#   port_in_use PORT / busy_ports PORT... / check_ports PORT...   on BIND (127.0.0.1); check_ports dies on a busy one
#   wait_http NAME URL EXPECTED [CURL-ARGS...]   until URL answers 2xx with EXPECTED within START_TIMEOUT (180) s,
#                                      or the end of the run (with NAME's log tail and a thread dump)
#   until_true SECONDS WHAT COMMAND... polls COMMAND every 0.1 s; dies after SECONDS
#   wait_for_quiet_machine             waits up to LOAD_WAIT s for the 1-minute load to drop below MAX_LOAD; sets
#                                      LOAD_AT_START, LOAD_WAITED
#   report_init DIR / report COMMAND...   the statistics, parsing and tables (e2e-tests/.../bench/BenchReport.java)
#
# The script sets PID_OF[name]=pid for the services it names and LOG_DIR for their logs (NAME.log).

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIND=${BIND:-127.0.0.1}
START_TIMEOUT=${START_TIMEOUT:-180}
STOP_GRACE=${STOP_GRACE:-25}
TRACKED=()

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2 || true; }
die() { log "ERROR: $*"; exit 1; }

print_help() { awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$1"; }
# run_or_help SCRIPT [ARG]: no argument or "run" goes on, "help" prints the script's header and exits, else usage
run_or_help() {
  case ${2:-run} in
    run) ;;
    help | -h | --help) print_help "$1"; exit 0 ;;
    *) echo "usage: ${1#"$BENCH_ROOT"/} [help]" >&2; exit 2 ;;
  esac
}

bench_command_line() {
  local script=$1 var
  shift
  {
    env | grep -E '^BENCH_[A-Z_]+=' || true
    for var in "$@"; do [[ -z ${!var:-} ]] || printf '%s=%s\n' "$var" "${!var}"; done
  } | sort | sed -E "s/^([^=]+)=(.*)$/\1='\2'/" | tr '\n' ' '
  printf '%s' "$script"
}

# ---------------------------------------------------------------------------------------------------------------
# Processes: only direct children of this script are ever signalled.

track() { TRACKED+=("$1"); }
untrack() {
  local keep=() p
  for p in ${TRACKED[@]+"${TRACKED[@]}"}; do [[ $p == "$1" ]] || keep+=("$p"); done
  TRACKED=(${keep[@]+"${keep[@]}"})
}
ours() { [[ $(ps -o ppid= -p "$1" 2>/dev/null | tr -d ' ') == "$$" ]]; }
signal() { if ours "$2"; then kill "-$1" "$2" 2>/dev/null || true; fi; }
# reap PID: waits for a child that has been told to stop (or stops by itself) and forgets it.
reap() { wait "$1" 2>/dev/null || true; untrack "$1"; }

stop_pids() {
  local p live=() deadline=$((SECONDS + STOP_GRACE))
  STOP_KILLED=0
  for p in "$@"; do [[ -z $p ]] || ! ours "$p" || live+=("$p"); done
  for p in ${live[@]+"${live[@]}"}; do signal TERM "$p"; done
  for p in ${live[@]+"${live[@]}"}; do
    while ours "$p" && kill -0 "$p" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    if ours "$p" && kill -0 "$p" 2>/dev/null; then signal KILL "$p"; STOP_KILLED=1; fi
    reap "$p"
  done
  for p in "$@"; do untrack "$p"; done
}

stop_on_exit() {
  local rc=$? p live=()
  # Nothing may stop the clean-up half-way: not an error, a second Ctrl-C, nor a closed pipe (say "| tee" on Ctrl-C).
  set +e
  trap - ERR EXIT
  trap '' INT TERM PIPE
  if declare -F before_stop >/dev/null; then before_stop; fi
  for p in ${TRACKED[@]+"${TRACKED[@]}"}; do ours "$p" && live+=("$p"); done
  if ((${#live[@]})); then
    log "Stopping ${#live[@]} processes started by this run: ${live[*]}"
    stop_pids "${live[@]}"
  fi
  if declare -F after_stop >/dev/null; then after_stop "$rc"; fi
  exit "$rc"
}

stop_everything_on_exit() {
  trap 'log "command failed (status $?) at line $LINENO: $BASH_COMMAND"' ERR
  trap stop_on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# ---------------------------------------------------------------------------------------------------------------
# Ports and waiting.

port_in_use() { (exec 3<>"/dev/tcp/$BIND/$1") 2>/dev/null; }
busy_ports() {
  local port
  for port in "$@"; do if port_in_use "$port"; then printf ' %s' "$port"; fi; done
}
check_ports() {
  local busy
  busy=$(busy_ports "$@")
  [[ -z $busy ]] || die "port(s)$busy on $BIND in use; set BENCH_PORT_BASE to another range"
}

# answers URL EXPECTED NAME SECONDS [CURL-ARGS...]: polls until the URL answers 2xx with the substring (0), or the
# time is up (1), or NAME exited (2).
answers() {
  local url=$1 expect=$2 name=$3 deadline=$((SECONDS + $4)) body
  shift 4
  while ((SECONDS < deadline)); do
    kill -0 "${PID_OF[$name]}" 2>/dev/null || return 2
    if body=$(curl -fsS --max-time 2 "$@" "$url" 2>/dev/null) && [[ $body == *"$expect"* ]]; then return 0; fi
    sleep 0.25
  done
  return 1
}

wait_http() {
  local name=$1 url=$2 expect=$3 rc=0
  shift 3
  answers "$url" "$expect" "$name" "$START_TIMEOUT" "$@" || rc=$?
  ((rc != 0)) || return 0
  tail -n 30 "$LOG_DIR/$name.log" >&2
  ((rc != 2)) || die "$name exited during start-up; its log is $LOG_DIR/$name.log"
  jcmd "${PID_OF[$name]}" Thread.print >"$LOG_DIR/$name.threads.txt" 2>&1 || true
  die "$name did not answer $url within ${START_TIMEOUT}s (thread dump: $LOG_DIR/$name.threads.txt)"
}

until_true() {
  local limit=$1 deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@"; do
    ((SECONDS < deadline)) || die "timed out after ${limit}s waiting for: $what"
    sleep 0.1
  done
}

wait_for_quiet_machine() {
  local deadline=$((SECONDS + ${LOAD_WAIT:-0})) load max=${MAX_LOAD:-1.0}
  load=$(cut -d' ' -f1 /proc/loadavg)
  while awk -v l="$load" -v m="$max" 'BEGIN {exit !(l >= m)}' && ((SECONDS < deadline)); do
    log "1-minute load $load >= $max; waiting (up to ${LOAD_WAIT}s in all)"
    sleep 10
    load=$(cut -d' ' -f1 /proc/loadavg)
  done
  LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
  LOAD_WAITED=$SECONDS
}

# ---------------------------------------------------------------------------------------------------------------
# The report harness: BenchReport (statistics, parsing, tables) and ProcessCpu, plain JDK classes of the e2e test
# sources compiled on their own, so that no Maven build is needed to report.
#
#   report_init DIR       compile them into DIR (once per run; cpu_init does it)
#   report COMMAND...     BenchReport COMMAND (its class comment lists the commands)

REPORT_CLASSES=""

report_init() {
  [[ -z $REPORT_CLASSES ]] || return 0
  local src=$BENCH_ROOT/e2e-tests/src/test/java
  mkdir -p "$1"
  javac -implicit:class -d "$1" -sourcepath "$src" "$src/io/edgeway/e2e/bench/BenchReport.java" \
    "$src/io/edgeway/e2e/bench/ProcessCpu.java"
  REPORT_CLASSES=$1
}

# A small JVM: it starts between rounds, and its own CPU is left out of every report.
bench_java() {
  [[ -n $REPORT_CLASSES ]] || die "report_init (or cpu_init) first"
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$REPORT_CLASSES" "$@"
}
report() { bench_java io.edgeway.e2e.bench.BenchReport "$@"; }

# The rest of the library: the stale-jar rule, the CPU of every process per round, the summary's header and append.
# shellcheck source=bench/lib/jars.sh
source "$BENCH_ROOT/bench/lib/jars.sh"
# shellcheck source=bench/lib/cpu.sh
source "$BENCH_ROOT/bench/lib/cpu.sh"
# shellcheck source=bench/lib/publish.sh
source "$BENCH_ROOT/bench/lib/publish.sh"

# shellcheck shell=bash
# The CPU of every process on the machine during each measured round of a benchmark, sourced by bench/lib/common.sh
# (whose log, report_init and bench_java it uses).
#
#   cpu_init DIR                        compile ProcessCpu and the report harness once (report_init); per-round
#                                       tables and usage go to DIR
#   cpu_round PATH ROUND COMMAND...     snapshot, run COMMAND (in this shell), snapshot, report; a round whose
#                                       neighbours used more than the budget is run again, up to the repeats, then
#                                       kept and flagged (CPU_MAX_REPEATS=0 cpu_round ...: record and flag only)
#   cpu_flag PATH ROUND                 prints "*" when that round was kept over budget
#   cpu_neighbours PATH ROUND           the kept attempt's neighbour CPU (ms/s)
#   cpu_summary [--range] [--paths RE] [--table-only]
#                                       Markdown: median ms/s of every process per path (the paths matching RE),
#                                       and the flagged rounds
#   cpu_flagged                         just the line about the flagged rounds
#
# "Measured" is this script's process tree (CPU_ROOTS, default $$): the services, load drivers and proxies it
# started; every other process is a neighbour. Labels come from the PID_OF array of the sourcing script, if any.
# Settings (environment):
#   BENCH_NEIGHBOUR_BUDGET=50   ms of CPU per second all neighbours together may use before a round is flagged
#   BENCH_NEIGHBOUR_REPEATS=2   times a flagged round is run again before it is kept, flagged

CPU_BUDGET=${BENCH_NEIGHBOUR_BUDGET:-50}
CPU_REPEATS=${BENCH_NEIGHBOUR_REPEATS:-2}
CPU_ROOTS=${CPU_ROOTS:-$$}
CPU_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CPU_DIR=""

# cpu_init DIR: also compiles the report harness (report_init), once per run
cpu_init() {
  CPU_DIR=$1
  mkdir -p "$CPU_DIR/rounds"
  report_init "$CPU_DIR/classes"
  : >"$CPU_DIR/usage.tsv"
  printf 'path\tround\tattempt\tneighbours_ms_s\tstatus\n' >"$CPU_DIR/attempts.tsv"
}

cpu_java() { bench_java io.edgeway.e2e.bench.ProcessCpu "$@"; }

cpu_snapshot() { cpu_java snapshot "$1"; }

# cpu_report BEFORE AFTER PATH ROUND ATTEMPT: the round's table in rounds/; sets CPU_NEIGHBOURS; 1 when over budget
cpu_report() {
  local cpu_rb=$CPU_DIR/rounds/$3-round$4-attempt$5 cpu_args=() cpu_name
  if declare -p PID_OF >/dev/null 2>&1; then
    for cpu_name in "${!PID_OF[@]}"; do
      [[ -z ${PID_OF[$cpu_name]} ]] || cpu_args+=(--label "${PID_OF[$cpu_name]}=$cpu_name")
    done
  fi
  rm -f "$cpu_rb.tsv"
  cpu_java report "$1" "$2" - --measured-tree "$CPU_ROOTS" --budget "$CPU_BUDGET" --tsv "$cpu_rb.tsv" --path "$3" \
    --round "$4" ${cpu_args[@]+"${cpu_args[@]}"} >"$cpu_rb.md"
  touch "$cpu_rb.tsv"
  CPU_NEIGHBOURS=$(sed -nE 's/^neighbours: ([0-9.]+) ms\/s.*/\1/p' "$cpu_rb.md")
  ! grep -q 'OVER BUDGET' "$cpu_rb.md"
}

cpu_round() {
  # Prefixed locals: COMMAND runs in this function's scope and may read its caller's variables (path, r, ...).
  local cpu_path=$1 cpu_nr=$2 cpu_attempt cpu_max=${CPU_MAX_REPEATS:-$CPU_REPEATS} cpu_status cpu_base
  shift 2
  [[ -n $CPU_DIR ]] || { "$@"; return; }
  for ((cpu_attempt = 1; ; cpu_attempt++)); do
    cpu_base=$CPU_DIR/rounds/$cpu_path-round$cpu_nr-attempt$cpu_attempt
    cpu_snapshot "$cpu_base.before"
    "$@"
    cpu_snapshot "$cpu_base.after"
    if cpu_report "$cpu_base.before" "$cpu_base.after" "$cpu_path" "$cpu_nr" "$cpu_attempt"; then cpu_status=ok; else cpu_status=over; fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$cpu_path" "$cpu_nr" "$cpu_attempt" "$CPU_NEIGHBOURS" "$cpu_status" >>"$CPU_DIR/attempts.tsv"
    [[ $cpu_status == over ]] || break
    if ((cpu_attempt > cpu_max)); then
      log "  round $cpu_nr $cpu_path: neighbours used $CPU_NEIGHBOURS ms/s of CPU (budget $CPU_BUDGET): kept, flagged"
      break
    fi
    log "  round $cpu_nr $cpu_path: neighbours used $CPU_NEIGHBOURS ms/s of CPU (budget $CPU_BUDGET): repeating it ($cpu_attempt of $cpu_max)"
  done
  cat "$cpu_base.tsv" >>"$CPU_DIR/usage.tsv"
  rm -f "$cpu_base.before" "$cpu_base.after"
}

# The kept attempt of a round: the last one.
cpu_kept() { awk -F'\t' -v p="$1" -v r="$2" '$1 == p && $2 == r {s = $0} END {print s}' "$CPU_DIR/attempts.tsv"; }
cpu_flag() { [[ -z $CPU_DIR || $(cpu_kept "$1" "$2" | cut -f5) != over ]] || printf '*'; }
cpu_neighbours() { [[ -z $CPU_DIR ]] || cpu_kept "$1" "$2" | cut -f4; }

cpu_summary() {
  [[ -n $CPU_DIR && -s $CPU_DIR/usage.tsv ]] || return 0
  local cpu_paths=.* cpu_args=() cpu_table_only=""
  while (($#)); do
    case $1 in
      --paths) cpu_paths=$2; shift ;;
      --table-only) cpu_table_only=1 ;;
      *) cpu_args+=("$1") ;;
    esac
    shift
  done
  awk -F'\t' -v re="^(${cpu_paths})\$" '$1 ~ re' "$CPU_DIR/usage.tsv" >"$CPU_DIR/usage.selected.tsv"
  if [[ -n $cpu_table_only ]]; then
    cpu_java summary "$CPU_DIR/usage.selected.tsv" ${cpu_args[@]+"${cpu_args[@]}"}
    return
  fi
  report cpu-section "$CPU_DIR/usage.selected.tsv" "$CPU_DIR/attempts.tsv" "$CPU_BUDGET" "$CPU_REPEATS" \
    "${CPU_DIR#"$CPU_REPO"/}/rounds/" ${cpu_args[@]+"${cpu_args[@]}"}
}

# cpu_flagged: one line, the rounds that went over the neighbour budget and what became of them
cpu_flagged() { [[ -z $CPU_DIR ]] || report flagged "$CPU_DIR/attempts.tsv" "$CPU_BUDGET"; }

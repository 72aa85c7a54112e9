# shellcheck shell=bash
# How every bench script writes its summary, sourced by them, so that every dated section of docs/benchmarks.md
# starts the same way:
#
#   summary_header TITLE [--jvm TEXT] [--jar MODULE]... [--raw DIR] [--note LINE]...
#                               the section heading ("## TITLE, <UTC date time>") and the facts block: the command
#                               (COMMAND_LINE, run time, raw data folder), the machine (cores, CPU, JDK, kernel, load
#                               at the start, LOAD_AT_START, and now), the code (commit, changed files, when each
#                               jar was built), the JVM options, and any further NOTE lines
#   publish_summary FILE DOC    print the Markdown summary FILE, and append it to DOC (docs/benchmarks.md) unless
#                               DOC is empty; a missing DOC is started with its heading

PUBLISH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

summary_header() {
  local title=$1 jvm="" raw="" jars="" notes=() module waited="" cpu
  shift
  while (($#)); do
    case $1 in
      --jvm) jvm=$2 ;;
      --raw) raw=$2 ;;
      --jar) module=$2; jars+="; $module.jar built $(date -u -r "$(jar_of "$module")" '+%Y-%m-%d %H:%M UTC')" ;;
      --note) notes+=("$2") ;;
      *) echo "summary_header: unknown option $1" >&2; return 2 ;;
    esac
    shift 2
  done
  cpu=$({ grep -m1 'model name' /proc/cpuinfo || echo ': unknown CPU'; } | cut -d: -f2 | sed 's/^ *//')
  [[ -z ${LOAD_WAITED:-} || ${LOAD_WAITED:-0} == 0 ]] || waited=" (after ${LOAD_WAITED}s of waiting for < ${MAX_LOAD:-1.0})"
  printf '## %s, %s\n\n' "$title" "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf -- '- Command: `%s` (run time %d min %d s%s)\n' "$COMMAND_LINE" $((SECONDS / 60)) $((SECONDS % 60)) \
    "${raw:+; raw data in \`${raw#"$PUBLISH_ROOT"/}\`}"
  printf -- '- Machine: %s cores, %s, %s, kernel %s; load average %s at the start%s, %s at the end\n' "$(nproc)" "$cpu" \
    "$(java -version 2>&1 | head -n 1)" "$(uname -r)" "${LOAD_AT_START:-unknown}" "$waited" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf -- '- Code: commit %s, %s changed files in the work tree outside bench/ and docs/%s\n' \
    "$(git -C "$PUBLISH_ROOT" rev-parse --short HEAD 2>/dev/null || echo none)" \
    "$(git -C "$PUBLISH_ROOT" status --porcelain -- . ':!bench' ':!docs' 2>/dev/null | wc -l)" "$jars"
  [[ -z $jvm ]] || printf -- '- JVM: %s\n' "$jvm"
  ((${#notes[@]} == 0)) || printf -- '- %s\n' "${notes[@]}"
}

publish_summary() {
  local file=$1 doc=$2
  echo
  cat "$file"
  [[ -n $doc ]] || return 0
  mkdir -p "$(dirname "$doc")"
  if [[ ! -s $doc ]]; then
    printf '# Benchmarks\n\nResults of the benchmarks in `bench/` (see bench/README.md), newest last. Only ratios and medians of\ninterleaved rounds mean anything on a small shared VM.\n' >"$doc"
  fi
  printf '\n' >>"$doc"
  cat "$file" >>"$doc"
  log "Summary appended to $doc"
}

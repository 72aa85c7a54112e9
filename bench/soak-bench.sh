#!/usr/bin/env bash
# Soak test of the gateway: half load through the policy chain for half an hour, with a backend killed and
# restarted and a config commit every few minutes; does anything grow (heap, direct memory, RSS, connections), and
# does any request fail?
#
#   bench/soak-bench.sh       build the jars if missing, run (BENCH_SOAK_MINUTES plus 2-4 minutes of start-up),
#                             print a Markdown summary and append it to docs/benchmarks.md
#
# The stack of policy-bench.sh (config-server on a throw-away git copy of config-repo/ with the demo RateLimit raised,
# discovery-server, edge-gateway) with three sample-backends. Open-loop traffic (bench/OpenLoop.java, in runs of
# BENCH_SOAK_CHUNK seconds back to back) on GET /api/x with a demo token: JWT, RateLimit, ShedLoad, Canary, and an
# AddResponseHeader X-Soak-Config that this run's config commits change. Every BENCH_SOAK_CHAOS_EVERY minutes, in
# turn: kill -9 a backend (the next one each time), BENCH_SOAK_DOWN seconds later start it again on its port; or
# commit a new X-Soak-Config value to the config copy and wait until the gateway answers with it (the stack's own
# push: the config server notices the commit and pushes it to the gateway, no restart, no refresh call).
#
# Every BENCH_SOAK_SAMPLE seconds (samples.tsv and samples.csv in the output folder): per process (gateway,
# backends, config and discovery servers) RSS (/proc/PID/status VmRSS), CPU (ms/s, /proc/PID/stat), open file
# descriptors and threads; for the gateway also heap used, direct memory (jvm.buffer.memory.used id=direct on its
# actuator: the JDK's direct buffer pool, which Netty allocates from on Java 17 without reflective access) and its
# established TCP connections (ss). Every BENCH_SOAK_GC_EVERY seconds the sample first runs a full GC in the gateway
# (jcmd PID GC.run; SerialGC, so a stop-the-world full collection of a few tens of ms) and records the old
# generation right after it: the live heap ("heap after GC"). Growth of each metric = median of the last
# BENCH_SOAK_WINDOW seconds / median of the first BENCH_SOAK_WINDOW seconds after the warm-up - 1; the goal is
# <= BENCH_SOAK_GROWTH % for each, and 0 failed requests (anything but 2xx, by status, and connection errors).
#
# Settings (environment, all optional; the rest as in policy-bench.sh and gateway-bench.sh):
#   BENCH_SOAK_MINUTES=30      length of the traffic        BENCH_SOAK_CHAOS_EVERY=5   minutes between chaos events
#   BENCH_SOAK_WARMUP=         minutes at the start not judged (default: a sixth of the run, at least 1)
#   BENCH_SOAK_WINDOW=120      seconds of samples compared at the end of the warm-up and at the end of the run
#   BENCH_SOAK_RATE=           requests/s (default: half the policy chain's 2xx/s in a closed-loop wrk run first)
#   BENCH_SOAK_SAMPLE=10       seconds between samples      BENCH_SOAK_GC_EVERY=60   seconds between full GCs
#   BENCH_SOAK_CHUNK=60        seconds per OpenLoop run     BENCH_SOAK_DOWN=10       seconds a killed backend stays down
#   BENCH_SOAK_GROWTH=5        allowed growth (%) after the warm-up
#   BENCH_GATEWAY_ACTUATOR=<management URL>/actuator  where the gateway's actuator answers (operator credentials)
#   BENCH_PORT_BASE=19500      config +888, Eureka +761, gateway +80, backends +81 +82 +83
# Traffic goes to 127.0.0.1 only. Every process the script starts is stopped on exit, Ctrl-C or error.
set -Eeuo pipefail

: "${BENCH_PORT_BASE:=19500}"
# shellcheck source=bench/policy-bench.sh
source "$(dirname "${BASH_SOURCE[0]}")/policy-bench.sh"

COMMAND_LINE=$(bench_command_line bench/soak-bench.sh)
SOAK_MINUTES=${BENCH_SOAK_MINUTES:-30}
SOAK_SECONDS=$(awk -v m="$SOAK_MINUTES" 'BEGIN {printf "%d", m * 60}')
CHAOS_SECONDS=$(awk -v m="${BENCH_SOAK_CHAOS_EVERY:-5}" 'BEGIN {printf "%d", m * 60}')
WARMUP_SECONDS=$(awk -v w="${BENCH_SOAK_WARMUP:-}" -v s="$SOAK_SECONDS" \
  'BEGIN {if (w != "") printf "%d", w * 60; else printf "%d", (s / 6 > 60 ? s / 6 : 60)}')
WINDOW=${BENCH_SOAK_WINDOW:-120}
SOAK_RATE=${BENCH_SOAK_RATE:-}
SAMPLE_EVERY=${BENCH_SOAK_SAMPLE:-10}
GC_EVERY=${BENCH_SOAK_GC_EVERY:-60}
CHUNK=${BENCH_SOAK_CHUNK:-60}
DOWN=${BENCH_SOAK_DOWN:-10}
GROWTH_LIMIT=${BENCH_SOAK_GROWTH:-5}
ACTUATOR=${BENCH_GATEWAY_ACTUATOR:-$GW_MANAGEMENT/actuator}
BACKEND3_PORT=$((PORT_BASE + 83))
BACKENDS=(backend-1 backend-2 backend-3)
declare -A PORT_OF=([backend-1]=$BACKEND1_PORT [backend-2]=$BACKEND2_PORT [backend-3]=$BACKEND3_PORT)
declare -A ZONE_OF=([backend-1]=zone-a [backend-2]=zone-b [backend-3]=zone-c)
# The backends as they ship (policy-bench.sh caps backend-1's Tomcat threads for its overload phase).
BACKEND_ENV=()
SERIES_METRICS=(gw_heap_after_gc_mb gw_direct_mb gw_rss_mb gw_connections gw_fds gw_threads)

# The config copy: policy-bench.sh's (RateLimit raised, Eureka lease 30 s), plus a response header on the policy
# route whose value each config commit of this run changes.
eval "policy_$(declare -f edit_config_repo)"
edit_config_repo() {
  policy_edit_config_repo "$1"
  sed -i -E 's/^( +)- ShedLoad=default$/&\n\1- AddResponseHeader=X-Soak-Config, 0/' "$1/edge-gateway.yml"
  grep -q 'X-Soak-Config, 0' "$1/edge-gateway.yml" || die "could not add X-Soak-Config to the policy route"
}

# ---------------------------------------------------------------------------------------------------------------
# The processes: the sampler runs in a subshell, so the PIDs of restarted backends reach it through a file.

write_pids() {
  local name
  for name in "${!PID_OF[@]}"; do printf '%s\t%s\n' "$name" "${PID_OF[$name]}"; done | sort >"$OUT/pids.tmp"
  mv "$OUT/pids.tmp" "$OUT/pids.tsv"
}

start_backend() { # NAME
  start_java "$1" sample-backend "${PORT_OF[$1]}" "$APP_JAVA_OPTS" INSTANCE_VERSION=v1 INSTANCE_ZONE="${ZONE_OF[$1]}"
  wait_http "$1" "http://$BIND:${PORT_OF[$1]}/readyz" '"UP"'
}

actuator_value() { # METRIC [TAG]: the metric's VALUE on the gateway's actuator, empty if it does not answer
  curl -s --max-time 3 -u "operator:$OPERATOR_PASSWORD" "$ACTUATOR/metrics/$1${2:+?tag=$2}" 2>/dev/null \
    | grep -o '"statistic":"VALUE","value":[-0-9.Ee+]*' | head -n 1 | sed 's/.*"value"://' || true
}
mb() { [[ -z $1 ]] || awk -v v="$1" 'BEGIN {printf "%.1f", v / 1048576}'; }
rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || true; }
threads_of() { awk '/^Threads:/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }
fds_of() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
established_of() { ss -Htnp state established 2>/dev/null | grep -c "pid=$1," || true; }

# sampler END: one row every SAMPLE_EVERY s until epoch END
sampler() {
  local end=$1 hz t0 now elapsed phase gc_at=0 name pid row gw heap_gc heap direct header
  local -A last_ticks=() last_pid=()
  local last_t="" ticks cpu
  # A sample that cannot read a process (it just died) leaves its cells empty; it never ends the loop.
  set +e
  trap - ERR
  hz=$(getconf CLK_TCK)
  t0=$SOAK_START
  header="epoch\telapsed_s\tphase\tgw_heap_after_gc_mb\tgw_heap_used_mb\tgw_direct_mb\tgw_rss_mb\tgw_connections\tgw_fds\tgw_threads"
  for name in edge-gateway "${BACKENDS[@]}" config-server discovery-server; do
    header+="\t${name}_cpu_ms_s"
    [[ $name == edge-gateway ]] || header+="\t${name}_rss_mb\t${name}_fds\t${name}_threads"
  done
  printf '%b\n' "$header" >"$OUT/samples.tsv"
  while :; do
    now=$(date +%s.%N)
    awk -v n="$now" -v e="$end" 'BEGIN {exit !(n < e)}' || break
    elapsed=$(awk -v n="$now" -v s="$t0" 'BEGIN {printf "%.0f", n - s}')
    phase=$(awk -v t="$elapsed" -v w="$WARMUP_SECONDS" -v win="$WINDOW" -v s="$SOAK_SECONDS" 'BEGIN {
      if (t < w) print "warmup"; else if (t < w + win) print "start"; else if (t >= s - win) print "end"; else print "run" }')
    gw=$(awk -F'\t' '$1 == "edge-gateway" {print $2}' "$OUT/pids.tsv")
    heap_gc=""
    if awk -v n="$now" -v g="$gc_at" -v e="$GC_EVERY" 'BEGIN {exit !(n - g >= e)}'; then
      gc_at=$now
      if jcmd "$gw" GC.run >/dev/null 2>&1; then heap_gc=$(mb "$(actuator_value jvm.memory.used 'id:Tenured%20Gen')"); fi
    fi
    heap=$(mb "$(actuator_value jvm.memory.used area:heap)")
    direct=$(mb "$(actuator_value jvm.buffer.memory.used id:direct)")
    row="$(printf '%.0f' "$now")\t$elapsed\t$phase\t$heap_gc\t$heap\t$direct\t$(rss_mb "$gw")\t$(established_of "$gw")\t$(fds_of "$gw")\t$(threads_of "$gw")"
    now=$(date +%s.%N)
    for name in edge-gateway "${BACKENDS[@]}" config-server discovery-server; do
      pid=$(awk -F'\t' -v n="$name" '$1 == n {print $2}' "$OUT/pids.tsv")
      cpu=""
      ticks=$(cpu_ticks "$pid")
      if [[ -n $last_t && ${last_pid[$name]:-} == "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        cpu=$(awk -v a="${last_ticks[$name]}" -v b="$ticks" -v hz="$hz" -v t0="$last_t" -v t1="$now" \
          'BEGIN {printf "%.0f", (b - a) * 1000 / hz / (t1 - t0)}')
      fi
      last_ticks[$name]=$ticks last_pid[$name]=$pid
      row+="\t$cpu"
      if [[ $name != edge-gateway ]]; then
        if kill -0 "$pid" 2>/dev/null; then row+="\t$(rss_mb "$pid")\t$(fds_of "$pid")\t$(threads_of "$pid")"; else row+="\t\t\t"; fi
      fi
    done
    last_t=$now
    printf '%b\n' "$row" >>"$OUT/samples.tsv"
    sleep "$SAMPLE_EVERY"
  done
}

# traffic END: OpenLoop runs of CHUNK s (shorter at the end) back to back until epoch END; each run's table in
# openloop/chunk-N.tsv. A TERM stops the run in progress too.
traffic() {
  local end=$1 n=0 secs pid=""
  set +e
  trap - ERR
  trap '[[ -z $pid ]] || kill "$pid" 2>/dev/null; exit 143' TERM
  while :; do
    secs=$(awk -v e="$end" -v n="$(date +%s.%N)" -v c="$CHUNK" 'BEGIN {d = e - n; printf "%d", (d > c ? c : d)}')
    ((secs >= 5)) || break
    n=$((n + 1))
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp "$TMP_DIR/openloop" OpenLoop "$secs" 0 \
      "policy|$SOAK_RATE|$GW/api/x$(headers_of policy)" >"$OUT/openloop/chunk-$n.tsv" 2>"$OUT/openloop/chunk-$n.err" &
    pid=$!
    wait "$pid" || log "OpenLoop run $n failed: $(tail -n 3 "$OUT/openloop/chunk-$n.err")"
    pid=""
    printf '%s\t%s\t%s\n' "$n" "$(date +%s)" "$secs" >>"$OUT/openloop/chunks.tsv"
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Chaos: a backend killed and restarted, or a config commit, in turn.

event() { # WHAT DETAIL DURATION-MS
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date +%s)" "$(($(date +%s) - ${SOAK_START%.*}))" "$1" "$2" "$3" >>"$OUT/events.tsv"
  log "  event at $(($(date +%s) - ${SOAK_START%.*}))s: $1 $2 ($3 ms)"
}

kill_and_restart() { # NAME
  local name=$1 t0 old
  old=${PID_OF[$name]}
  t0=$EPOCHREALTIME
  signal KILL "$old"
  reap "$old"
  mv "$LOG_DIR/$name.log" "$LOG_DIR/$name.$(date +%H%M%S).log"
  sleep "$DOWN"
  start_backend "$name"
  write_pids
  event "kill -9 + restart" "$name (pid $old -> ${PID_OF[$name]})" "$(ms_between "$t0" "$EPOCHREALTIME")"
}

soak_header() { # the X-Soak-Config value the gateway answers with
  curl -s --max-time 3 -o /dev/null -D - -H "Authorization: Bearer $TOKEN_API" "$GW/api/x" 2>/dev/null \
    | tr -d '\r' | awk -F': ' 'tolower($1) == "x-soak-config" {print $2}'
}
soak_header_is() { [[ $(soak_header) == "$1" ]]; }

commit_config() { # VALUE
  local repo=$OUT/config-git t0 deadline
  sed -i -E "s/X-Soak-Config, [0-9]+/X-Soak-Config, $1/" "$repo/edge-gateway.yml"
  if ! git -C "$repo" -c user.name=bench -c user.email=bench@localhost commit -q -am "soak: X-Soak-Config $1"; then
    event "config commit" "X-Soak-Config $1: the commit failed" -
    return 0
  fi
  t0=$EPOCHREALTIME deadline=$((SECONDS + 60))
  until soak_header_is "$1"; do
    if ((SECONDS >= deadline)); then
      event "config commit" "X-Soak-Config $1: NOT live after 60 s" -
      return 0
    fi
    sleep 0.1
  done
  event "config commit" "X-Soak-Config $1 live" "$(ms_between "$t0" "$EPOCHREALTIME")"
}

chaos() { # END: an event every CHAOS_SECONDS until epoch END
  local end=$1 k=0 next
  next=$((${SOAK_START%.*} + CHAOS_SECONDS))
  while ((next < end - 30)); do
    while (($(date +%s) < next)); do sleep 1; done
    # An event that ran long (a slow restart on a busy machine) delays the next; none starts in the last 30 s.
    (($(date +%s) < end - 30)) || break
    k=$((k + 1))
    if ((k % 2)); then
      kill_and_restart "${BACKENDS[$(((k / 2) % ${#BACKENDS[@]}))]}"
    else
      commit_config "$((k / 2))"
    fi
    next=$((next + CHAOS_SECONDS))
  done
}

soak() {
  local end sampler_pid traffic_pid
  SOAK_START=$(date +%s.%N)
  end=$(awk -v s="$SOAK_START" -v d="$SOAK_SECONDS" 'BEGIN {printf "%.3f", s + d}')
  printf 'epoch\telapsed_s\tevent\tdetail\tduration_ms\n' >"$OUT/events.tsv"
  : >"$OUT/openloop/chunks.tsv"
  traffic "$end" &
  traffic_pid=$!
  track "$traffic_pid"
  sampler "$end" &
  sampler_pid=$!
  track "$sampler_pid"
  chaos "${end%.*}"
  wait "$traffic_pid" || true
  untrack "$traffic_pid"
  wait "$sampler_pid" || true
  untrack "$sampler_pid"
}

# ---------------------------------------------------------------------------------------------------------------

# The policy chain's closed-loop throughput, as policy-bench.sh measures it: half of it is the soak's rate.
half_rate() {
  local url
  url=$(url_of policy)
  url_of policy >/dev/null
  warm_up policy "$url"
  wrk_run "$url" "$DURATION" "$OUT/wrk/policy-capacity.txt"
  WRK_ARGS=()
  report ratio "$(report wrk-ok "$OUT/wrk/policy-capacity.txt")" 2 --format %.0f
}

growth() { # METRIC: growth (%) of the metric's median from the window after the warm-up to the last window
  local a b
  a=$(report median "$OUT/samples.tsv" "$1" phase=start 2>/dev/null || echo n/a)
  b=$(report median "$OUT/samples.tsv" "$1" phase=end 2>/dev/null || echo n/a)
  printf '%s\t%s\t%s\n' "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {
    if (a + 0 > 0 && b != "n/a" && a != "n/a") printf "%.1f", (b / a - 1) * 100; else print "n/a" }')"
}

failures() { # per chunk of traffic: counted ok r429 r503 other errors, summed
  local f
  for f in "$OUT"/openloop/chunk-*.tsv; do [[ ! -s $f ]] || tail -n +2 "$f"; done \
    | awk -F'\t' '{c += $3; ok += $4; r429 += $5; r503 += $6; o += $7; e += $8}
        END {printf "%d\t%d\t%d\t%d\t%d\t%d\n", c, ok, r429, r503, o, e}'
}

# growth_rows: the Markdown rows of the gateway metrics in GROWTH_ROWS; ALL_PASS=0 when one grew too much or is missing
growth_rows() {
  local m a b g verdict
  ALL_PASS=1 GROWTH_ROWS=""
  for m in "${SERIES_METRICS[@]}"; do
    read -r a b g < <(growth "$m")
    if [[ $g == n/a ]]; then
      verdict=n/a ALL_PASS=0
    elif awk -v g="$g" -v l="$GROWTH_LIMIT" 'BEGIN {exit !(g <= l)}'; then
      verdict=pass
    else
      verdict="**fail**" ALL_PASS=0
    fi
    GROWTH_ROWS+="| $m | $a | $b | $g % | $verdict |"$'\n'
  done
}

summary() {
  local m a b g counted ok r429 r503 other errors failed
  read -r counted ok r429 r503 other errors < <(failures)
  failed=$((counted - ok))
  growth_rows
  summary_header "Soak" --raw "$OUT" --jar edge-gateway \
    --jvm "gateway \`$GATEWAY_JAVA_OPTS\`, backends \`$APP_JAVA_OPTS\`, config and discovery servers \`$INFRA_JAVA_OPTS\`" \
    --note "${SOAK_MINUTES} min of \`GET /api/x\` (policy chain) at $SOAK_RATE req/s open loop ($RATE_SOURCE), 3 backends; a chaos event every ${CHAOS_SECONDS} s; warm-up ${WARMUP_SECONDS} s; windows of ${WINDOW} s"
  cat <<EOF

### Growth after the warm-up

Each metric's median over the first ${WINDOW} s after the warm-up ("start") and over the last ${WINDOW} s ("end"), sampled
every ${SAMPLE_EVERY} s (heap after GC: every ${GC_EVERY} s, the gateway's old generation right after \`jcmd GC.run\`, a
full GC: the live heap). The time series is \`samples.csv\` in the raw data folder.

| gateway metric | start | end | growth | ≤ ${GROWTH_LIMIT} % |
| --- | ---: | ---: | ---: | --- |
${GROWTH_ROWS%$'\n'}

Other processes, RSS (MB) start -> end: $(for m in "${BACKENDS[@]}" config-server discovery-server; do
    read -r a b g < <(growth "${m}_rss_mb"); printf '%s %s -> %s (%s %%); ' "$m" "$a" "$b" "$g"; done)

CPU (ms/s, median of the samples after the warm-up): $(for m in edge-gateway "${BACKENDS[@]}" config-server discovery-server; do
    printf '%s %s; ' "$m" "$(report median "$OUT/samples.tsv" "${m}_cpu_ms_s" phase=run 2>/dev/null || echo n/a)"; done)

### Requests

| sent | 2xx | failed | 429 | 503 shed (Retry-After) | other non-2xx (503 without Retry-After among them) | connection errors / timeouts |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| $counted | $ok | **$failed** | $r429 | $r503 | $other | $errors |

Traffic ran as $(wc -l <"$OUT/openloop/chunks.tsv") OpenLoop runs of up to ${CHUNK} s back to back (about a second without
traffic between two runs); the counts of each run are in \`openloop/\`.

### Chaos events

| at (s) | event | what | took (ms) |
| ---: | --- | --- | ---: |
$(tail -n +2 "$OUT/events.tsv" | awk -F'\t' '{printf "| %s | %s | %s | %s |\n", $2, $3, $4, $5}')

Gateway WARN/ERROR log lines: $(grep -cE ' (WARN|ERROR) ' "$LOG_DIR/edge-gateway.log" || true); Netty LEAK reports in its log: $(grep -c 'LEAK:' "$LOG_DIR/edge-gateway.log" || true).

#### CPU of every process over the whole soak

$(cpu_summary --table-only)

$( ((counted > 0)) || echo "- **Warning:** no request was counted: the traffic did not run (see \`openloop/*.err\`).")

**Verdict:** $( ((ALL_PASS)) && echo "every gateway metric grew by ≤ ${GROWTH_LIMIT} % after the warm-up" || echo "a gateway metric grew by more than ${GROWTH_LIMIT} % or could not be measured"); **$failed of $counted requests failed**.
EOF
}

main() {
  run_or_help "${BASH_SOURCE[0]}" "$@"
  stop_everything_on_exit
  install_prerequisites
  TRIALS=0
  bench_ports
  check_ports "$BACKEND3_PORT"
  wait_for_quiet_machine
  SECONDS=0
  mkdir -p "$LOG_DIR" "$OUT/stop" "$OUT/wrk" "$OUT/openloop"
  cpu_init "$OUT/cpu"
  TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/edgeway-soak-bench.XXXXXX")
  build_if_missing
  mkdir -p "$TMP_DIR/openloop"
  javac -d "$TMP_DIR/openloop" "$ROOT/bench/OpenLoop.java"
  make_tokens
  config_git_repo
  # A plain path, as the e2e stack gives it: the config server clones it and fetches new commits. Given as a file:
  # URI it would read the copy in place and reset its working tree under this script's edits.
  export CONFIG_GIT_URI=$OUT/config-git
  log "Output: $OUT"
  start_stack
  start_backend backend-2
  start_backend backend-3
  write_pids
  check_policy_route
  [[ $(soak_header) == 0 ]] || die "the policy route does not answer with X-Soak-Config: 0"
  [[ -n $(actuator_value jvm.buffer.memory.used id:direct) ]] || die "no jvm.buffer.memory.used on $ACTUATOR/metrics"
  RATE_SOURCE="BENCH_SOAK_RATE"
  if [[ -z $SOAK_RATE ]]; then
    SOAK_RATE=$(half_rate)
    RATE_SOURCE="half the policy chain's 2xx/s in a closed-loop \`wrk -c$CONNECTIONS -d${DURATION}s\` run before it"
  fi
  log "Soak: ${SOAK_MINUTES} min at $SOAK_RATE req/s through the policy chain, a chaos event every ${CHAOS_SECONDS} s"
  CPU_MAX_REPEATS=0 cpu_round soak 1 soak
  tr '\t' ',' <"$OUT/samples.tsv" >"$OUT/samples.csv"
  summary >"$OUT/summary.md"
  publish_summary "$OUT/summary.md" "$DOC"
}

main "$@"

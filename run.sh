#!/usr/bin/env bash
# Starts the whole edgeway stack on this machine and keeps it in the foreground; Ctrl-C stops it.
#
#   ./run.sh                             build if needed, start everything, print the URLs, follow until Ctrl-C / SIGTERM
#   ./run.sh --eureka-nodes 3            the same with a Eureka cluster: node i on 127.0.0.i, port 8760+i; every
#                                         client lists every node (README, "Run a Eureka cluster on one machine")
#   ./run.sh --https                     the same, with the gateway on HTTPS (port 8443, a local CA and certificate made
#                                         under .run/tls/ on first use) and port 8080 redirecting to it
#   ./run.sh config diff OLD-REV NEW-REV  validate config-repo/ at NEW-REV and print what changes from OLD-REV
#                                         (for pull-request checks; exit 1 when NEW-REV is invalid)
#   ./run.sh token [--sub alice] [--scope "api read"] [--ttl 1h]
#                                         print a demo bearer token for the gateway (key pair made under
#                                         .run/demo-jwt/ on first use)
#   ./run.sh canary status               the canary rollouts the config server runs: plan, step, weight, checks
#                                         with p-values, audit trail, and the commit to make once one completed
#   ./run.sh deploy sample-backend [--jar NEW.jar] [--batch 1] [--max-unavailable N] [--timeout 180]
#                                         rolling deploy of the running stack's backends, batch by batch: drain,
#                                         stop, start the new build, wait until it takes traffic (docs/rolling-deploy.md)
#   ./run.sh help                        this text
#
# Needs only a JDK (17+), curl and git. Logs go to logs/ (EDGEWAY_LOG_DIR).
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOG_DIR=${EDGEWAY_LOG_DIR:-$ROOT/logs}
RUN_DIR=$ROOT/.run
BIND=${EDGEWAY_BIND:-127.0.0.1}
# The address services register in Eureka: gateways and the adapter take only instances at an IP inside their allowed
# networks (README, "Registry roles and instance networks"), and the wildcard is no address to call.
REGISTER_AS=$BIND
if [[ $BIND == 0.0.0.0 ]]; then REGISTER_AS=127.0.0.1; fi
START_TIMEOUT=${EDGEWAY_START_TIMEOUT:-180}
# JVM options per service, chosen by measurement: jvm/*.options (README, "JVM options"); EDGEWAY_JAVA_OPTS
# replaces them all.
# EDGEWAY_CDS=on: start the Spring services from class archives (AppCDS, below). Off by default: the training run
# after each build costs more CPU than the archive saves on the next starts (README, "JVM options").
CDS=${EDGEWAY_CDS:-off}
# jars_current, jar_of, jvm_options: the stale-jar rule (rebuild or refuse) and the JVM options, shared with the
# benchmarks.
# shellcheck source=bench/lib/jars.sh
source "$ROOT/bench/lib/jars.sh"

CONFIG_PORT=8888 DISCOVERY_PORT=8761 GATEWAY_PORT=8080 ADAPTER_PORT=8070 F5_PORT=9443 NETSCALER_PORT=9080
# HTTPS at the gateway (README, "HTTPS at the gateway"): ./run.sh --https or EDGEWAY_HTTPS=on. The gateway then serves
# HTTPS on GATEWAY_HTTPS_PORT, GATEWAY_PORT only redirects to it, and its actuator stays where it was, on plain HTTP.
HTTPS=${EDGEWAY_HTTPS:-off}
GATEWAY_HTTPS_PORT=8443
TLS_DIR=$RUN_DIR/tls
# curl's options for the gateway's URLs: trust the local CA when HTTPS is on.
CURL_TLS=()
BACKEND_PORTS=(8081 8082 8083)
# Each Spring service's actuator listens on a port of its own: its traffic port + 10000 (README, "URLs"); the
# traffic port keeps only the health probes /livez and /readyz.
MANAGEMENT_OFFSET=10000
BACKEND_VERSIONS=(v1 v1 v2)
BACKEND_ZONES=(zone-a zone-b zone-a)

# Secrets (README, "Secrets"): one you export is used as is and never printed; one left unset gets the demo value,
# the same as the services' own default, and then the services run with the demo profile, the only one under which
# they accept a demo secret.
DEMO_SECRETS=()
demo_if_unset() {
  if [[ -z ${!1:-} ]]; then
    export "$1=$2"
    DEMO_SECRETS+=("$1")
  fi
}
demo_if_unset CONFIG_SERVER_PASSWORD demo-config-secret
demo_if_unset OPERATOR_PASSWORD demo-operator-secret
demo_if_unset CONFIG_WEBHOOK_SECRET demo-webhook-secret
# The registry's roles (README, "Registry roles"): each service sends its own credential, never in the URL.
demo_if_unset EUREKA_SAMPLE_BACKEND_PASSWORD demo-eureka-sample-backend-secret
demo_if_unset EUREKA_EDGE_GATEWAY_PASSWORD demo-eureka-edge-gateway-secret
demo_if_unset EUREKA_READER_PASSWORD demo-eureka-reader-secret
demo_if_unset EUREKA_OPERATOR_PASSWORD demo-eureka-operator-secret
demo_if_unset EUREKA_PEER_PASSWORD demo-eureka-peer-secret
demo_if_unset EUREKA_DASHBOARD_PASSWORD demo-eureka-dashboard-secret
demo_if_unset LB_ADAPTER_VIEWER_PASSWORD demo-viewer-secret
if ((${#DEMO_SECRETS[@]})); then export SPRING_PROFILES_INCLUDE=demo; fi
# The emulated devices know only their demo users: unless you give the adapter other device passwords, it logs in
# with those (config-repo/lb-adapter-service.yml), under the demo profile.
ADAPTER_ENV=()
if [[ -z ${LB_F5_PASSWORD:-} || -z ${LB_NETSCALER_PASSWORD:-} ]]; then ADAPTER_ENV=(SPRING_PROFILES_INCLUDE=demo); fi
export CONFIG_SERVER_URL=http://$BIND:$CONFIG_PORT
export EUREKA_URL=http://$BIND:$DISCOVERY_PORT/eureka/
# The adapter mirrors into the emulated devices started below (config-repo/lb-adapter-service.yml).
export LB_F5_URL=http://$BIND:$F5_PORT LB_NETSCALER_URL=http://$BIND:$NETSCALER_PORT
# Its audit log and operator holds (an H2 file), kept across runs.
export LB_ADAPTER_DB_URL=${LB_ADAPTER_DB_URL:-jdbc:h2:file:$RUN_DIR/lb-adapter}

PIDS=() NAMES=()

# Demo token issuer: its key pair stays on this machine (.run/ is never committed); the gateway gets the public half.
DEMO_JWT_DIR=$RUN_DIR/demo-jwt

die() { echo "run.sh: $*" >&2; exit 1; }

# shown VAR: a demo secret's value, or where a secret of your own comes from (never its value).
shown() {
  local demo
  for demo in "${DEMO_SECRETS[@]}"; do
    if [[ $demo == "$1" ]]; then echo "${!1}"; return; fi
  done
  echo "(from \$$1)"
}

usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

management_ports() {
  local port
  for port in $CONFIG_PORT $DISCOVERY_PORT "${BACKEND_PORTS[@]}" $ADAPTER_PORT $GATEWAY_PORT; do
    echo $((port + MANAGEMENT_OFFSET))
  done
}

port_in_use() { (exec 3<>"/dev/tcp/$BIND/$1") 2>/dev/null; }

check_prerequisites() {
  command -v java >/dev/null || die "no java on PATH: install a JDK 17 or newer"
  command -v curl >/dev/null || die "no curl on PATH: it is used to wait for health checks"
  command -v git >/dev/null || die "no git on PATH: the config server serves config-repo/ from git"
  local port
  for port in $CONFIG_PORT $DISCOVERY_PORT "${BACKEND_PORTS[@]}" $ADAPTER_PORT $GATEWAY_PORT $F5_PORT $NETSCALER_PORT \
    $(management_ports) $(if [[ $HTTPS == on ]]; then echo $GATEWAY_HTTPS_PORT; fi); do
    if port_in_use "$port"; then
      die "port $port on $BIND is already in use (another stack still running?); stop that process first"
    fi
  done
}

build_if_needed() {
  jars_current config-server discovery-server sample-backend lb-device-emulators lb-adapter-service edge-gateway \
    demo-tokens || die "cannot start without current jars"
}

# demo_issuer ARGS...: the demo-tokens module's DemoTokenIssuer (not in the gateway's jar; Nimbus comes with its own).
demo_issuer() {
  java -jar "$(jar_of demo-tokens)" "$DEMO_JWT_DIR" "$@"
}

# The rollout controller's view (config server, GET /rollouts), pretty-printed when python3 is there.
canary_status() {
  local body
  body=$(curl -fsS -u "config:$CONFIG_SERVER_PASSWORD" "http://$BIND:$CONFIG_PORT/rollouts") \
    || die "the config server at http://$BIND:$CONFIG_PORT does not answer (is ./run.sh running?)"
  if command -v python3 >/dev/null; then python3 -m json.tool <<<"$body"; else echo "$body"; fi
}

token() {
  command -v java >/dev/null || die "no java on PATH: install a JDK 17 or newer"
  jars_current demo-tokens || die "cannot make a token without a current demo-tokens jar"
  demo_issuer "$@"
}

# The config server serves config-repo/ from git: the project's own repository when this is a git checkout
# (commit a change there and it is live after a refresh), else a throw-away repository made from the folder.
# Plain paths, not file: URIs, so the server clones instead of checking out inside this working tree.
config_git_env() {
  if git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    local label
    label=$(git -C "$ROOT" symbolic-ref -q --short HEAD || git -C "$ROOT" rev-parse HEAD)
    export CONFIG_GIT_URI=$ROOT CONFIG_GIT_LABEL=$label CONFIG_GIT_SEARCH_PATHS=config-repo
    if [[ -n $(git -C "$ROOT" status --porcelain -- config-repo) ]]; then
      echo "Note: config-repo/ has uncommitted changes; the config server serves only what is committed."
    fi
  else
    local repo=$RUN_DIR/config-git
    rm -rf "$repo" && mkdir -p "$repo" && cp -R "$ROOT/config-repo/." "$repo/"
    git -C "$repo" init -q -b main
    git -C "$repo" -c user.name=edgeway -c user.email=edgeway@localhost add -A
    git -C "$repo" -c user.name=edgeway -c user.email=edgeway@localhost commit -q -m "config-repo snapshot"
    export CONFIG_GIT_URI=$repo CONFIG_GIT_LABEL=main CONFIG_GIT_SEARCH_PATHS=
  fi
}


# java_opts MODULE: the JVM options of that service.
java_opts() {
  if [[ -n ${EDGEWAY_JAVA_OPTS:-} ]]; then echo "$EDGEWAY_JAVA_OPTS"; return; fi
  jvm_options "$1"
}

# AppCDS, Spring Boot's recipe for JDK 17: the jar extracted under .run/cds/MODULE/ and a class archive recorded by
# a training run that exits after the context refresh (before any port is bound); a start then maps those classes
# instead of loading and verifying them. Redone when the jar changes (size or time).
cds_prepare() {
  local module=$1 jar dir stamp module_env=()
  if [[ $module == lb-adapter-service ]]; then module_env=("${ADAPTER_ENV[@]}"); fi
  jar=$(jar_of "$module") dir=$RUN_DIR/cds/$module
  stamp=$(stat -c '%s %Y' "$jar")
  if [[ -f $dir/app.jsa && $(cat "$dir/jar.stamp" 2>/dev/null) == "$stamp" ]]; then return 0; fi
  echo "Recording a class archive for $module (once per build)..."
  rm -rf "$dir"
  java -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null || die "cannot extract $jar"
  # shellcheck disable=SC2046
  env "${module_env[@]}" java $(java_opts "$module") -XX:ArchiveClassesAtExit="$dir/app.jsa" -Dspring.context.exit=onRefresh \
    -jar "$dir/$module.jar" >"$LOG_DIR/$module-cds-training.log" 2>&1 || true
  [[ -f $dir/app.jsa ]] || die "no class archive from the training run of $module: $LOG_DIR/$module-cds-training.log"
  echo "$stamp" >"$dir/jar.stamp"
}

# launch_args MODULE: the JVM options and the jar to start.
launch_args() {
  local module=$1
  java_opts "$module"
  if [[ $CDS == on ]]; then
    echo "-XX:SharedArchiveFile=$RUN_DIR/cds/$module/app.jsa -jar $RUN_DIR/cds/$module/$module.jar"
  else
    echo "-jar $ROOT/$module/target/$module.jar"
  fi
}

# start NAME MODULE PORT [ENV=VALUE ...]; ADDRESS=A start ... listens and registers on A instead (a Eureka node)
start() {
  local name=$1 module=$2 port=$3 address=${ADDRESS:-$BIND} registered=${ADDRESS:-$REGISTER_AS}; shift 3
  # shellcheck disable=SC2046
  env PORT="$port" MANAGEMENT_PORT=$((port + MANAGEMENT_OFFSET)) "$@" java $(launch_args "$module") \
    --server.address="$address" --eureka.instance.ip-address="$registered" --eureka.instance.hostname="$registered" \
    >"$LOG_DIR/$name.log" 2>&1 &
  PIDS+=($!) NAMES+=("$name")
  echo "$!" >"$RUN_DIR/$name.pid"
}

# One emulated F5 and one emulated NetScaler, preloaded with a few VIPs in two partitions each (demo only).
start_emulators() {
  # shellcheck disable=SC2046
  java $(java_opts lb-device-emulators) -jar "$(jar_of lb-device-emulators)" --bind="$BIND" --f5-port="$F5_PORT" \
    --nitro-port="$NETSCALER_PORT" --preload=demo >"$LOG_DIR/lb-device-emulators.log" 2>&1 &
  PIDS+=($!) NAMES+=(lb-device-emulators)
  echo "$!" >"$RUN_DIR/lb-device-emulators.pid"
}

pid_of() {
  local i
  for i in "${!NAMES[@]}"; do
    if [[ ${NAMES[$i]} == "$1" ]]; then echo "${PIDS[$i]}"; fi
  done
}

# wait_for NAME URL [EXPECTED-SUBSTRING]: polls until URL answers 2xx (containing the substring), or fails fast.
wait_for() {
  local name=$1 url=$2 expect=${3:-} pid deadline=$((SECONDS + START_TIMEOUT)) body
  pid=$(pid_of "$name")
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$LOG_DIR/$name.log" >&2 || true
      die "$name exited during start-up; its log is $LOG_DIR/$name.log"
    fi
    if body=$(curl -fsS --max-time 2 "${CURL_TLS[@]}" "$url" 2>/dev/null) && [[ $body == *"$expect"* ]]; then
      return 0
    fi
    sleep 0.5
  done
  tail -n 30 "$LOG_DIR/$name.log" >&2 || true
  die "$name did not come up within ${START_TIMEOUT}s ($url); its log is $LOG_DIR/$name.log"
}

stop_all() {
  trap - INT TERM EXIT
  ((${#PIDS[@]})) || return 0
  echo; echo "Stopping ${#PIDS[@]} processes..."
  local i pid deadline
  # Instances that ./run.sh deploy started are no children of this shell: their PIDs are in the .pid files.
  local file
  for file in "$RUN_DIR"/sample-backend-*.pid; do
    [[ -f $file ]] || continue
    pid=$(cat "$file")
    if [[ " ${PIDS[*]} " != *" $pid "* ]]; then PIDS+=("$pid"); fi
  done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[$i]}" 2>/dev/null || true; done
  deadline=$((SECONDS + 30))
  for pid in "${PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -f "$RUN_DIR"/*.pid "$RUN_DIR/log-dir"
  echo "Stopped."
}

# tls_files: the local CA and the gateway's certificate for localhost and 127.0.0.1 under .run/tls/, made on first
# use by LocalCa (the JDK's keytool; no openssl needed) and never committed (.run/ is ignored).
tls_files() {
  if [[ ! -f $TLS_DIR/gateway.pem || ! -f $TLS_DIR/gateway-key.pem ]]; then
    echo "Making a local CA and a certificate for localhost and 127.0.0.1 in $TLS_DIR..."
  fi
  java "$ROOT/test-support/src/main/java/io/edgeway/testsupport/LocalCa.java" "$TLS_DIR" >/dev/null \
    || die "cannot make the local CA and certificate in $TLS_DIR"
}

print_https_urls() {
  [[ $HTTPS == on ]] || return 0
  cat <<EOF
  Gateway over HTTPS       https://$BIND:$GATEWAY_HTTPS_PORT/hello/id     curl --cacert $TLS_DIR/ca.pem https://$BIND:$GATEWAY_HTTPS_PORT/hello/id
  Plain HTTP               http://$BIND:$GATEWAY_PORT/...                 308 to https://$BIND:$GATEWAY_HTTPS_PORT/...
  Certificate rotation     replace $TLS_DIR/gateway.pem and gateway-key.pem: new handshakes get it within ~2 s
EOF
}

print_urls() {
  cat <<EOF

edgeway is up. Logs: $LOG_DIR   Stop: Ctrl-C

  What                     URL                                              Credentials
  Gateway                  http://$BIND:$GATEWAY_PORT/hello                 none (public route)
  Gateway, instance id     http://$BIND:$GATEWAY_PORT/hello/id              none (public route)
  Gateway, demo API        http://$BIND:$GATEWAY_PORT/api/id                bearer token: ./run.sh token --sub alice --scope api
  Gateway actuator         http://$BIND:$((GATEWAY_PORT + MANAGEMENT_OFFSET))/actuator/gateway/routes  operator / $(shown OPERATOR_PASSWORD)
  Actuators                http://$BIND:<a port above + $MANAGEMENT_OFFSET>/actuator  health, info open; others: the service's login
  Eureka dashboard         http://$BIND:$DISCOVERY_PORT/                    dashboard / $(shown EUREKA_DASHBOARD_PASSWORD)
  Eureka status changes    http://$BIND:$DISCOVERY_PORT/eureka/apps/        operator / $(shown EUREKA_OPERATOR_PASSWORD)
  Config server            http://$BIND:$CONFIG_PORT/sample-backend/default config / $(shown CONFIG_SERVER_PASSWORD)
  LB adapter instances     http://$BIND:$ADAPTER_PORT/api/instances         operator / $(shown OPERATOR_PASSWORD)
  LB adapter plan          http://$BIND:$ADAPTER_PORT/api/plan              operator / $(shown OPERATOR_PASSWORD)
  LB virtual servers       http://$BIND:$ADAPTER_PORT/api/virtual-servers   operator / $(shown OPERATOR_PASSWORD)
  LB VIP page              http://$BIND:$ADAPTER_PORT/                      operator / $(shown OPERATOR_PASSWORD)
  LB VIP page, read-only   http://$BIND:$ADAPTER_PORT/                      viewer / $(shown LB_ADAPTER_VIEWER_PASSWORD)
  LB audit log             http://$BIND:$ADAPTER_PORT/api/audit             operator / $(shown OPERATOR_PASSWORD)
  Emulated F5 (iControl)   http://$BIND:$F5_PORT/mgmt/tm/ltm/pool           edgeway / demo-f5-secret
  Emulated NetScaler       http://$BIND:$NETSCALER_PORT/nitro/v1/config/lbvserver  X-NITRO-USER edgeway / demo-nitro-secret
EOF
  print_https_urls
  local i
  for i in "${!BACKEND_PORTS[@]}"; do
    printf '  Backend %s (%s, %s)   http://%s:%s/id                         L7 switch: operator / %s\n' \
      $((i + 1)) "${BACKEND_VERSIONS[$i]}" "${BACKEND_ZONES[$i]}" "$BIND" "${BACKEND_PORTS[$i]}" "$(shown OPERATOR_PASSWORD)"
  done
  echo
}

# A Eureka cluster on this machine (--eureka-nodes N; README, "Run a Eureka cluster on one machine"): node i listens
# on 127.0.0.i, port 8760+i (a node skips the peer URLs with its own host name, so each needs an address of its own);
# the nodes list each other and every client lists every node, the same plain URLs (no credentials in them).
EUREKA_NODES=1
eureka_node_port() { echo $((DISCOVERY_PORT + $1 - 1)); }
eureka_node_name() { if (($1 == 1)); then echo discovery-server; else echo "discovery-server-$1"; fi; }

eureka_cluster_setup() {
  [[ $EUREKA_NODES =~ ^[1-9]$ ]] || die "--eureka-nodes takes a number from 1 to 9, not '$EUREKA_NODES'"
  ((EUREKA_NODES > 1)) || return 0
  [[ $BIND == 127.0.0.1 ]] || die "--eureka-nodes puts node i on 127.0.0.i: it needs EDGEWAY_BIND=127.0.0.1"
  local i urls=()
  for ((i = 1; i <= EUREKA_NODES; i++)); do urls+=("http://127.0.0.$i:$(eureka_node_port "$i")/eureka/"); done
  EUREKA_URL=$(IFS=,; echo "${urls[*]}")
  export EUREKA_URL
}

check_eureka_ports() {
  local i port
  for ((i = 2; i <= EUREKA_NODES; i++)); do
    for port in $(eureka_node_port "$i") $(($(eureka_node_port "$i") + MANAGEMENT_OFFSET)); do
      if (exec 3<>"/dev/tcp/127.0.0.$i/$port") 2>/dev/null; then
        die "port $port on 127.0.0.$i is already in use (another stack still running?); stop that process first"
      fi
    done
  done
}

start_eureka() {
  local i
  if ((EUREKA_NODES == 1)); then
    echo "Starting discovery-server..."
    start discovery-server discovery-server $DISCOVERY_PORT
    wait_for discovery-server "http://$BIND:$DISCOVERY_PORT/readyz" '"UP"'
    return
  fi
  echo "Starting a Eureka cluster of $EUREKA_NODES nodes..."
  for ((i = 1; i <= EUREKA_NODES; i++)); do
    ADDRESS=127.0.0.$i start "$(eureka_node_name "$i")" discovery-server "$(eureka_node_port "$i")" \
      SPRING_PROFILES_ACTIVE=peer EUREKA_HOSTNAME=127.0.0.$i EUREKA_PEERS="$EUREKA_URL"
  done
  for ((i = 1; i <= EUREKA_NODES; i++)); do
    wait_for "$(eureka_node_name "$i")" "http://127.0.0.$i:$(eureka_node_port "$i")/readyz" '"UP"'
  done
}

print_eureka_nodes() {
  ((EUREKA_NODES > 1)) || return 0
  local i
  echo "  Eureka cluster ($EUREKA_NODES nodes; every client lists all of them):"
  for ((i = 1; i <= EUREKA_NODES; i++)); do
    printf '    node %s   http://127.0.0.%s:%s/   dashboard / %s\n' "$i" "$i" "$(eureka_node_port "$i")" \
      "$(shown EUREKA_DASHBOARD_PASSWORD)"
  done
  echo
}

# --- Rolling deploy (./run.sh deploy; docs/rolling-deploy.md) ---------------------------------------------------
# The waits are the adapter's (POST /api/deploy/drain and /api/deploy/ready, operator login); this script only
# stops and starts the processes, by the PIDs in .run/, and stops at the first new instance that is not healthy.

# deploy_call STEP JSON: POSTs to the adapter's deploy API; prints the answer, fails unless it is 200.
deploy_call() {
  local step=$1 body=$2 answer code
  answer=$(curl -sS --max-time 900 -u "operator:$OPERATOR_PASSWORD" -H 'Content-Type: application/json' \
    -w '\n%{http_code}' -d "$body" "http://$BIND:$ADAPTER_PORT/api/deploy/$step") || return 1
  code=${answer##*$'\n'}
  echo "${answer%$'\n'*}"
  [[ $code == 200 ]]
}

# deploy_abort MESSAGE: what happened, and that the instances not yet rolled were left as they were.
deploy_abort() {
  echo "run.sh: deploy aborted: $1" >&2
  if ((${#DEPLOY_LEFT[@]})); then
    echo "run.sh: not touched: ${DEPLOY_LEFT[*]} (still on the build they ran)" >&2
  fi
  exit 1
}

# deploy_touched NAME: NAME is no longer one of the instances the deploy has not touched.
deploy_touched() {
  local left=() n
  for n in "${DEPLOY_LEFT[@]}"; do [[ $n == "$1" ]] || left+=("$n"); done
  DEPLOY_LEFT=("${left[@]}")
}

# deploy_stop NAME: SIGTERM to the instance's PID (the backend leaves Eureka and finishes what it serves), then waits.
deploy_stop() {
  local name=$1 pid deadline
  pid=$(cat "$RUN_DIR/$name.pid")
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "  $name (pid $pid) still running after 60 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# deploy_start INDEX JAR: starts instance INDEX from JAR, detached from this shell, and records its PID.
deploy_start() {
  local i=$1 jar=$2 name port
  name=sample-backend-$((i + 1)) port=${BACKEND_PORTS[$i]}
  echo "--- $(date -u +%FT%TZ) new build $jar" >>"$LOG_DIR/$name.log"
  local BACKEND_SESSION_STORE='' EUREKA_URL=${EUREKA_URL:-}
  # shellcheck source=/dev/null
  [[ ! -f $RUN_DIR/backend.env ]] || source "$RUN_DIR/backend.env"
  # shellcheck disable=SC2046
  env PORT="$port" MANAGEMENT_PORT=$((port + MANAGEMENT_OFFSET)) INSTANCE_VERSION="${BACKEND_VERSIONS[$i]}" \
    INSTANCE_ZONE="${BACKEND_ZONES[$i]}" ${EUREKA_URL:+"EUREKA_URL=$EUREKA_URL"} \
    ${BACKEND_SESSION_STORE:+"SPRING_PROFILES_ACTIVE=$BACKEND_SESSION_STORE"} \
    nohup java $(java_opts sample-backend) -jar "$jar" --server.address="$BIND" --eureka.instance.ip-address="$REGISTER_AS" --eureka.instance.hostname="$REGISTER_AS" \
    >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo "$!" >"$RUN_DIR/$name.pid"
}

# deploy_healthy INDEX TIMEOUT: the new instance answers /readyz UP (fails fast if it exits), then the adapter says it
# is UP in the registry, balanced by every gateway and device pool, and answered a request through a gateway.
deploy_healthy() {
  local i=$1 timeout=$2 name port pid deadline answer
  name=sample-backend-$((i + 1)) port=${BACKEND_PORTS[$i]}
  pid=$(cat "$RUN_DIR/$name.pid") deadline=$((SECONDS + timeout))
  until curl -fsS --max-time 2 "http://$BIND:$port/readyz" 2>/dev/null | grep -q '"UP"'; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOG_DIR/$name.log" >&2 || true
      deploy_abort "the new build of $name (pid $pid) exited during start-up; $name is down; its log is $LOG_DIR/$name.log"
    fi
    ((SECONDS < deadline)) || deploy_abort "the new build of $name (pid $pid) did not answer /readyz UP within ${timeout}s; its log is $LOG_DIR/$name.log"
    sleep 0.5
  done
  answer=$(deploy_call ready "{\"application\":\"sample-backend\",\"host\":\"$REGISTER_AS\",\"port\":$port,\"timeoutSeconds\":$((deadline > SECONDS ? deadline - SECONDS : 1)),\"probePath\":\"/hello/id\"}") \
    || deploy_abort "the new build of $name (pid $pid) is not taking traffic: $answer"
}

deploy() {
  local service=${1:-} jar="" batch=1 max_unavailable="" timeout=$START_TIMEOUT
  [[ $service == sample-backend ]] || die "deploy: ./run.sh deploys sample-backend only (the service it scales), not '${service}'"
  shift
  while (($#)); do
    case $1 in
      --jar) jar=${2:-}; shift 2 ;;
      --batch) batch=${2:-}; shift 2 ;;
      --max-unavailable) max_unavailable=${2:-}; shift 2 ;;
      --timeout) timeout=${2:-}; shift 2 ;;
      *) die "deploy: unknown option '$1' (see ./run.sh help)" ;;
    esac
  done
  [[ $batch =~ ^[1-9][0-9]*$ ]] || die "deploy: --batch must be a positive number, not '$batch'"
  [[ -z $max_unavailable || $max_unavailable =~ ^[1-9][0-9]*$ ]] \
    || die "deploy: --max-unavailable must be a positive number, not '$max_unavailable'"
  [[ $timeout =~ ^[1-9][0-9]*$ ]] || die "deploy: --timeout must be seconds, not '$timeout'"
  if [[ -n $max_unavailable ]] && ((batch > max_unavailable)); then batch=$max_unavailable; fi
  local count=${#BACKEND_PORTS[@]}
  if [[ -f $RUN_DIR/log-dir ]]; then LOG_DIR=$(cat "$RUN_DIR/log-dir"); fi
  ((batch < count)) || die "deploy: a batch of $batch would take all $count instances out at once"
  if [[ -z $jar ]]; then
    jars_current sample-backend || die "deploy: no current sample-backend jar"
    jar=$(jar_of sample-backend)
  fi
  [[ -f $jar ]] || die "deploy: no jar at $jar"
  jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
  local i name pid
  for ((i = 0; i < count; i++)); do
    name=sample-backend-$((i + 1))
    pid=$(cat "$RUN_DIR/$name.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null \
      || die "deploy: $name is not running (no live PID in $RUN_DIR/$name.pid): start the stack with ./run.sh first"
  done
  curl -fsS --max-time 5 "http://$BIND:$ADAPTER_PORT/readyz" >/dev/null 2>&1 \
    || die "deploy: the adapter at http://$BIND:$ADAPTER_PORT does not answer (is ./run.sh running?)"

  DEPLOY_LEFT=()
  for ((i = 0; i < count; i++)); do DEPLOY_LEFT+=("sample-backend-$((i + 1))"); done
  echo "Rolling sample-backend to $jar, $batch at a time"
  local start answer members
  for ((start = 0; start < count; start += batch)); do
    members=()
    for ((i = start; i < start + batch && i < count; i++)); do members+=("$i"); done
    for i in "${members[@]}"; do
      name=sample-backend-$((i + 1))
      echo "  $name: draining (L7 switch down; waiting for every gateway and device pool)..."
      deploy_touched "$name"
      answer=$(deploy_call drain "{\"application\":\"sample-backend\",\"host\":\"$REGISTER_AS\",\"port\":${BACKEND_PORTS[$i]},\"timeoutSeconds\":$timeout}") \
        || deploy_abort "$name did not drain and stays switched down (PUT /monitor/l7check {\"status\":\"UP\"} puts it back): $answer"
    done
    for i in "${members[@]}"; do
      name=sample-backend-$((i + 1))
      echo "  $name: stopping pid $(cat "$RUN_DIR/$name.pid")"
      deploy_stop "$name"
      deploy_touched "$name"
      deploy_start "$i" "$jar"
      echo "  $name: started pid $(cat "$RUN_DIR/$name.pid"), waiting until it takes traffic..."
    done
    for i in "${members[@]}"; do
      deploy_healthy "$i" "$timeout"
      echo "  sample-backend-$((i + 1)): healthy and answering through the gateway"
    done
  done
  echo "Deploy done: every sample-backend instance runs $jar"
}

main() {
  local args=()
  while (($#)); do
    case $1 in
      --eureka-nodes) (($# >= 2)) || die "--eureka-nodes needs a number"; EUREKA_NODES=$2; shift 2 ;;
      --eureka-nodes=*) EUREKA_NODES=${1#*=}; shift ;;
      --https) HTTPS=on; shift ;;
      *) args+=("$1"); shift ;;
    esac
  done
  set -- ${args[@]+"${args[@]}"}
  case ${1:-start} in
    start) ;;
    config)
      [[ ${2:-} == diff ]] || { usage >&2; exit 2; }
      shift 2
      build_if_needed
      exec java -cp "$ROOT/config-server/target/config-server.jar" -Dloader.main=io.edgeway.config.cli.ConfigDiff \
        org.springframework.boot.loader.launch.PropertiesLauncher --repo "$ROOT" "$@" ;;
    token) shift; token "$@"; exit ;;
    canary)
      [[ ${2:-} == status ]] || { usage >&2; exit 2; }
      canary_status; exit ;;
    deploy) shift; deploy "$@"; exit ;;
    help | -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  eureka_cluster_setup
  check_prerequisites
  check_eureka_ports
  build_if_needed
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  # ./run.sh deploy writes the logs of the instances it starts beside the others.
  echo "$LOG_DIR" >"$RUN_DIR/log-dir"
  # The rollout controller's progress survives a restart of the stack (README, "Canary autopilot").
  export CONFIG_DATA_DIR=${CONFIG_DATA_DIR:-$RUN_DIR/config-server}
  # The gateways' copy of the controller's last weights, where a restart starts from (README, "Canary autopilot").
  export GATEWAY_DATA_DIR=${GATEWAY_DATA_DIR:-$RUN_DIR/edge-gateway}
  config_git_env
  if [[ $CDS == on ]]; then
    local module
    for module in config-server discovery-server sample-backend lb-adapter-service edge-gateway; do cds_prepare "$module"; done
  fi
  trap stop_all EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  if ((${#DEMO_SECRETS[@]})); then
    echo "Demo profile on: demo secrets for ${DEMO_SECRETS[*]} (export them to run without it)."
  fi
  echo "Starting config-server..."
  start config-server config-server $CONFIG_PORT
  wait_for config-server "http://$BIND:$CONFIG_PORT/readyz" '"UP"'

  start_eureka

  local i
  # What ./run.sh deploy needs to start replacements the same way.
  printf 'BACKEND_SESSION_STORE=%q\nEUREKA_URL=%q\n' "${BACKEND_SESSION_STORE:-}" "${EUREKA_URL:-}" \
    >"$RUN_DIR/backend.env"
  echo "Starting ${#BACKEND_PORTS[@]} sample-backend instances..."
  for i in "${!BACKEND_PORTS[@]}"; do
    # BACKEND_SESSION_STORE=redis-session (with REDIS_URL) or db-session: sessions shared by the instances
    # (README, "Sessions shared across instances"); unset, each keeps its own in memory.
    start "sample-backend-$((i + 1))" sample-backend "${BACKEND_PORTS[$i]}" \
      INSTANCE_VERSION="${BACKEND_VERSIONS[$i]}" INSTANCE_ZONE="${BACKEND_ZONES[$i]}" \
      ${BACKEND_SESSION_STORE:+"SPRING_PROFILES_ACTIVE=$BACKEND_SESSION_STORE"}
  done
  for i in "${!BACKEND_PORTS[@]}"; do
    wait_for "sample-backend-$((i + 1))" "http://$BIND:${BACKEND_PORTS[$i]}/readyz" '"UP"'
  done

  echo "Starting the emulated F5 and NetScaler..."
  start_emulators
  wait_for lb-device-emulators "http://$BIND:$F5_PORT/emulator/health" '"UP"'
  wait_for lb-device-emulators "http://$BIND:$NETSCALER_PORT/emulator/health" '"UP"'

  echo "Starting lb-adapter-service..."
  start lb-adapter-service lb-adapter-service $ADAPTER_PORT "${ADAPTER_ENV[@]}"
  wait_for lb-adapter-service "http://$BIND:$ADAPTER_PORT/readyz" '"UP"'

  echo "Starting edge-gateway..."
  local token_keys=${EDGEWAY_JWT_PUBLIC_KEYS:-}
  if [[ -z $token_keys && -z ${EDGEWAY_JWK_SET_URI:-} ]]; then
    token_keys=file:$(demo_issuer --init) || die "cannot make the demo token key pair in $DEMO_JWT_DIR"
  fi
  local gateway_url=http://$BIND:$GATEWAY_PORT
  if [[ $HTTPS == on ]]; then
    tls_files
    CURL_TLS=(--cacert "$TLS_DIR/ca.pem")
    gateway_url=https://$BIND:$GATEWAY_HTTPS_PORT
    start edge-gateway edge-gateway $GATEWAY_HTTPS_PORT EDGEWAY_JWT_PUBLIC_KEYS="$token_keys" \
      MANAGEMENT_PORT=$((GATEWAY_PORT + MANAGEMENT_OFFSET)) EDGEWAY_GATEWAY_TLS_ENABLED=true \
      EDGEWAY_GATEWAY_TLS_CERTIFICATE="$TLS_DIR/gateway.pem" EDGEWAY_GATEWAY_TLS_PRIVATEKEY="$TLS_DIR/gateway-key.pem" \
      EDGEWAY_GATEWAY_TLS_REDIRECT_ENABLED=true EDGEWAY_GATEWAY_TLS_REDIRECT_PORT=$GATEWAY_PORT
  else
    start edge-gateway edge-gateway $GATEWAY_PORT EDGEWAY_JWT_PUBLIC_KEYS="$token_keys"
  fi
  wait_for edge-gateway "$gateway_url/readyz" '"UP"'
  echo "Waiting for the gateway to route to the backends..."
  wait_for edge-gateway "$gateway_url/hello/id" '"instanceId"'

  print_urls
  print_eureka_nodes
  # Stays here until Ctrl-C / SIGTERM; a child that dies is reported but the others keep running.
  while ((${#PIDS[@]})); do
    wait -n "${PIDS[@]}" 2>/dev/null || true
    for i in "${!PIDS[@]}"; do
      if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
        if [[ $(cat "$RUN_DIR/${NAMES[$i]}.pid" 2>/dev/null) != "${PIDS[$i]}" ]]; then
          echo "run.sh: ${NAMES[$i]} (pid ${PIDS[$i]}) was replaced by ./run.sh deploy"
        else
          echo "run.sh: ${NAMES[$i]} (pid ${PIDS[$i]}) exited; see $LOG_DIR/${NAMES[$i]}.log" >&2
        fi
        unset 'PIDS[i]' 'NAMES[i]'
      fi
    done
    PIDS=("${PIDS[@]}") NAMES=("${NAMES[@]}")
  done
}

main "$@"

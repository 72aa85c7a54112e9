# shellcheck shell=bash
# The one rule for the service jars that run.sh and the benchmarks start: rebuild or refuse. A jar is current when
# it is newer than every module's main sources and every pom (a library module, service-security or service-redis,
# goes into several jars); otherwise it is rebuilt, and a jar still older than its sources after the build is an
# error, never measured or started.
#
#   jars_current MODULE...    builds what is missing or stale (./mvnw package, tests skipped), then checks
#   jvm_options MODULE        the JVM options the module ships with (jvm/*.options, README "JVM options")
#   jar_of MODULE             the runnable jar of a module (the emulators' and the demo issuer's carry a classifier:
#                             their plain jars are test libraries)

JARS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

jar_of() {
  case $1 in
    lb-device-emulators | demo-tokens) echo "$JARS_ROOT/$1/target/$1-exec.jar" ;;
    *) echo "$JARS_ROOT/$1/target/$1.jar" ;;
  esac
}

jvm_options() {
  local file=$JARS_ROOT/jvm/service.options
  if [[ $1 == edge-gateway ]]; then file=$JARS_ROOT/jvm/edge-gateway.options; fi
  grep -v '^#' "$file" | xargs
}

# jars_stale MODULE...: prints the modules whose jar is missing or older than a source.
jars_stale() {
  local module jar
  for module in "$@"; do
    jar=$(jar_of "$module")
    if [[ ! -f $jar ]] || [[ -n $(find "$JARS_ROOT" -maxdepth 1 -name pom.xml -newer "$jar" -print -quit) ]] \
      || [[ -n $(find "$JARS_ROOT"/*/src/main "$JARS_ROOT"/*/pom.xml -newer "$jar" -print -quit 2>/dev/null) ]]; then
      printf '%s ' "$module"
    fi
  done
}

jars_current() {
  local stale modules
  stale=$(jars_stale "$@")
  [[ -n $stale ]] || return 0
  echo "Building: $stale(missing or older than their sources; the first build downloads dependencies)" >&2
  modules=$(printf '%s,' "$@")
  (cd "$JARS_ROOT" && ./mvnw -B -q -DskipTests package -pl "${modules%,}" -am) >&2 \
    || { echo "ERROR: the build failed" >&2; return 1; }
  stale=$(jars_stale "$@")
  if [[ -n $stale ]]; then
    echo "ERROR: still older than their sources after the build: $stale(a source file dated in the future?)" >&2
    return 1
  fi
}

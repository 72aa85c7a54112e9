#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: the file must parse and interpolate
# (docker-compose config), every service must have a health check, and every service but config-server must
# wait for its dependencies with `condition: service_healthy`. Prints "compose file valid" on success.
set -Eeuo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

fail() { echo "validate-compose: $*" >&2; exit 1; }

command -v docker-compose >/dev/null || fail "no docker-compose: run .ci/install-test-deps.sh"

[[ -f docker-compose.yml ]] || fail "no docker-compose.yml in $(pwd)"

docker-compose -f docker-compose.yml config -q || fail "docker-compose.yml does not validate (see above)"

# The normalised form (anchors, merge keys and interpolation resolved) is what the checks below read.
config=$(docker-compose -f docker-compose.yml config) || fail "docker-compose config failed"

# One line per service: NAME HEALTHCHECK(0/1) DEPENDS_ON-COUNT HEALTHY-CONDITION-COUNT
report=$(awk '
  function flush() { if (svc != "") print svc, hc, deps, healthy }
  /^[^ #]/ { flush(); svc = ""; top = $0; sub(/:.*/, "", top); next }
  top != "services" { next }
  /^  [^ #][^ ]*:[ ]*$/ { flush(); svc = $1; sub(/:$/, "", svc); hc = 0; deps = 0; healthy = 0; sect = ""; next }
  /^    [^ #]/ { key = $1; sub(/:.*/, "", key); sect = key; if (key == "healthcheck") hc = 1; next }
  sect == "depends_on" && /^      [^ #][^ ]*:[ ]*$/ { deps++; next }
  sect == "depends_on" && /^        condition:[ ]*service_healthy[ ]*$/ { healthy++; next }
  END { flush() }
' <<<"$config")

[[ -n $report ]] || fail "no services found in the docker-compose config output"

errors=()
while read -r name hc deps healthy; do
  ((hc)) || errors+=("$name: no healthcheck")
  if [[ $name != config-server ]]; then
    ((deps > 0)) || errors+=("$name: no depends_on (only config-server may start first)")
  fi
  ((healthy == deps)) || errors+=("$name: $((deps - healthy)) of its $deps depends_on entries lack condition: service_healthy")
done <<<"$report"

if ((${#errors[@]})); then
  printf 'validate-compose: %s\n' "${errors[@]}" >&2
  exit 1
fi
echo "compose file valid"

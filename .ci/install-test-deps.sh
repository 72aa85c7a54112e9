#!/usr/bin/env bash
# Installs, from Debian's packages, what the tests need besides a JDK: docker-compose (to validate the compose
# file; no engine is needed), redis-server (the broker of the config fan-out tests, started by the tests),
# chromium + chromium-driver (the lb-adapter VIP page test drives them; Selenium never downloads a browser), and
# postgresql (initdb and postgres for the lb-adapter audit test on PostgreSQL, which runs its own cluster), and
# prometheus (2.42 in bookworm: the observability test runs its own server and promtool on the dashboards and rules).
set -Eeuo pipefail

packages=()
command -v docker-compose >/dev/null || packages+=(docker-compose)
[[ -x /usr/bin/redis-server ]] || packages+=(redis-server)
[[ -x /usr/bin/chromium ]] || packages+=(chromium)
[[ -x /usr/bin/chromedriver ]] || packages+=(chromium-driver)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || packages+=(postgresql)
[[ -x /usr/bin/prometheus && -x /usr/bin/promtool ]] || packages+=(prometheus)
((${#packages[@]})) || exit 0

echo "install-test-deps: installing ${packages[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-test-deps: not root and no sudo: install ${packages[*]} by hand" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# The package starts a system-wide Redis on 6379; the tests start their own on free ports.
# The postgresql package may create and start a cluster on 5432; the tests run their own on free ports.
# The prometheus package enables and, under systemd, starts a system-wide server on 9090 scraping itself; the tests
# start their own on free ports with data directories of their own, so stop the one this script just installed.
if [[ " ${packages[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null \
    && systemctl is-active --quiet prometheus 2>/dev/null; then
  $sudo systemctl disable --now prometheus >/dev/null 2>&1 || true
fi

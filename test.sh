#!/usr/bin/env bash
# Runs every test on a fresh machine with only a JDK: installs what the tests need, then ./mvnw verify
# (unit and integration tests per module, two modules at a time, then the end-to-end tests that start the packaged
# services).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

bash .ci/install-test-deps.sh
bash .ci/validate-compose.sh
# Two module builds at a time: the modules' tests mostly wait (Spring contexts, loopback services), so on two cores
# this takes the module phase from about 5.5 to 3 minutes; the end-to-end tests run alone after them.
./mvnw -B -T 2 verify "$@"

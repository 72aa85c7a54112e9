#!/usr/bin/env bash
# Runs every test on a fresh machine with only a JDK: installs what the tests need, then ./mvnw verify
# (unit and integration tests per module, then the end-to-end tests that start the packaged services).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

bash .ci/install-test-deps.sh
bash .ci/validate-compose.sh
./mvnw -B verify "$@"

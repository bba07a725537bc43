#!/usr/bin/env bash
# The long soak of the demo, not part of CI: rounds of a minute of chaos under load against the
# demo's jar (SoakIT), each ending with every tree healed; heap floor and live threads must stay
# flat, no node may stay stuck, and after SIGTERM every message answered 202 must be in the
# journal exactly once. One line per round is printed (and kept in
# demo-app/target/failsafe-reports/dev.supervisor.demo.e2e.SoakIT-output.txt).
#
# Usage: demo-app/soak.sh [minutes] [seed]      (default: 30 minutes, a new seed)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"
seed_arg=()
if [ -n "${2:-}" ]; then
	seed_arg=("-Dchaos.seed=$2")
fi
mvn -B -pl demo-app -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
	-Dit.test=SoakIT -Dfailsafe.failIfNoSpecifiedTests=false -Dmaven.javadoc.skip=true \
	-Dsoak.minutes="$minutes" "${seed_arg[@]}"
grep -h "^soak" demo-app/target/failsafe-reports/dev.supervisor.demo.e2e.SoakIT-output.txt

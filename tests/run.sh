#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then run them all.
#   bash tests/run.sh [pytest args...]
# Idempotent: a second run reuses the virtualenv, the browser and the built Neo4j launcher.
# The corpus tests read ../shared (or DEALGRAPH_CORPUS); without it they are skipped, in CI they fail.
set -euo pipefail
cd "$(dirname "$0")/.."

# step NAME COMMAND...: run one set-up command quietly; when it fails, say which step it was and
# show the end of its output, then stop with its exit code.
step() {
  local name=$1 log code=0
  shift
  log=$(mktemp)
  "$@" >"$log" 2>&1 || code=$?
  if [ "$code" -ne 0 ]; then
    {
      echo "tests/run.sh: set-up step failed: $name (exit $code)"
      echo "  command: $*"
      echo "  its last lines of output:"
      tail -n 25 "$log" | sed 's/^/  | /'
    } >&2
    rm -f "$log"
    exit "$code"
  fi
  rm -f "$log"
}

sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"

# -- Python: a virtualenv with dealgraph (editable) and the test extras -------------------------
if [ ! -x .venv/bin/python ]; then step "pip: create the virtualenv" python3 -m venv .venv; fi
step "pip: install dealgraph and its test extras" .venv/bin/pip install -q --disable-pip-version-check -e '.[test]'

# -- Browser: Debian's Chromium for the HTML tests (no browser download from a test tool) -------
# Playwright drives /usr/bin/chromium (tests/exports/chromium.py); it never fetches a browser.
if [ ! -x /usr/bin/chromium ]; then
  step "apt: update the package lists" $sudo apt-get update -qq
  step "Chromium: apt-get install chromium" $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

# -- Neo4j: a real Community server, built from Maven Central jars by tests/neo4j_server ------
# Java 17 and Maven from Debian; Maven fetches Neo4j 5.26 (org.neo4j:neo4j, neo4j-bolt) once and
# the launcher jar is rebuilt only when its pom.xml or Java source changes. tests/neo4j starts it.
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  step "apt: update the package lists" $sudo apt-get update -qq
  step "Java and Maven: apt-get install openjdk-17-jdk-headless maven" \
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven
fi
step "Java: java -version" java -version
step "Maven: build the Neo4j launcher (tests/neo4j_server)" .venv/bin/python tests/neo4j_server/neo4j_server.py --build

exec .venv/bin/python -m pytest "$@"

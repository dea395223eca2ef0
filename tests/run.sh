#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then run them all.
#   bash tests/run.sh [pytest args...]
# Idempotent: a second run reuses the virtualenv, the browser and the built Neo4j launcher.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# -- Python: a virtualenv with dealgraph (editable) and the test extras -------------------------
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'

# -- Browser: Debian's Chromium for the HTML tests (no browser download from a test tool) -------
# Playwright drives /usr/bin/chromium (tests/exports/chromium.py); it never fetches a browser.
if [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# -- Neo4j: a real Community server, built from Maven Central jars by tests/neo4j_server ------
# Java 17 and Maven from Debian; Maven fetches Neo4j 5.26 (org.neo4j:neo4j, neo4j-bolt) once and
# the launcher jar is rebuilt only when its pom.xml or Java source changes. tests/neo4j starts it.
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
fi
.venv/bin/python tests/neo4j_server/neo4j_server.py --build >/dev/null

exec .venv/bin/python -m pytest "$@"

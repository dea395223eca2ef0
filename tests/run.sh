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
# (section owned by the HTML tests; see tests/exports)

# -- Neo4j: a real Community server, built from Maven Central jars by tests/neo4j_server ------
# (section owned by the Neo4j tests; see tests/neo4j_server)

exec .venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# Refresh requirements.lock, the exact versions (with hashes) that scripts/dev.sh installs.
#
#   bash scripts/lock.sh            add what pyproject.toml gained and keep every other pin
#   bash scripts/lock.sh --upgrade  move every package to the newest version pyproject.toml allows
#
# pyproject.toml keeps the ranges the code works with; the lock is one tested choice inside them,
# for the runtime, every extra (tests, lint) and the build back-end (setuptools). After adding or
# changing a dependency in pyproject.toml, run this and commit both files. On a merge conflict in
# requirements.lock, take either side and run this again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install -q "pip-tools>=7.5,<8"
# The package indexes and wheel folders come from pip's own configuration (pip config list), so
# they are left out of the file: another machine installs the same files from its own index.
CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh" .venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --all-extras --all-build-deps \
  --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
  --output-file requirements.lock "$@" pyproject.toml
echo "==> requirements.lock を更新しました（$(grep -c '^[a-zA-Z0-9]' requirements.lock) パッケージ）。pyproject.toml と一緒にコミットしてください"

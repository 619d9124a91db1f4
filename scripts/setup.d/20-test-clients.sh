#!/usr/bin/env bash
# Real AWS clients the emulator is tested against, idempotent and quiet:
#   - boto3 and the AWS CLI in the virtualenv .local/venv (skipped when already importable/installed)
#   - the AWS SDK for JavaScript v3 (tests/js/package.json: the Management API client, and the DynamoDB
#     clients the broadcast benchmark uses) in tests/js/node_modules
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.local/venv
if [ ! -x "$venv/bin/python" ]; then
  mkdir -p .local
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    # Debian's python3 ships venv/ensurepip separately.
    echo "setup: installing python3-venv (apt)" >&2
    rm -rf "$venv"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    pyver=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null ||
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "python${pyver}-venv" >/dev/null
    python3 -m venv "$venv"
  fi
fi
missing=()
"$venv/bin/python" -c 'import boto3' >/dev/null 2>&1 || missing+=("boto3")
[ -x "$venv/bin/aws" ] || missing+=("awscli")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]} into $venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi
# Every package tests/js/package.json names must be installed (an older checkout may lack a newer one).
js_missing=0
for pkg in $(node -e 'const p=require("./tests/js/package.json"); console.log(Object.keys({...p.dependencies, ...p.devDependencies}).join(" "))'); do
  [ -f "tests/js/node_modules/$pkg/package.json" ] || js_missing=1
done
if [ "$js_missing" -eq 1 ]; then
  echo "setup: npm install in tests/js (the AWS SDK for JavaScript v3)" >&2
  (cd tests/js && npm install --silent --no-audit --no-fund >/dev/null)
fi

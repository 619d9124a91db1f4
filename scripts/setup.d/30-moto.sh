#!/usr/bin/env bash
# moto's server (an independent apigatewayv2 implementation that provision is tested against) and the
# AWS CLI (the "other client" that changes the live set-up in the drift tests), in .local/venv.
# Idempotent and quiet: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.local/venv
if [ ! -x "$venv/bin/python" ]; then
  mkdir -p .local
  python3 -m venv "$venv"
fi
missing=()
[ -x "$venv/bin/moto_server" ] || missing+=("moto[server]>=5,<6")
[ -x "$venv/bin/aws" ] || missing+=("awscli")
if [ "${#missing[@]}" -gt 0 ]; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi

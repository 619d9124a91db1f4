#!/usr/bin/env bash
# moto's server (an independent apigatewayv2 implementation that provision is tested against) and the
# AWS CLI (the "other client" that changes the live set-up in the drift tests), in .local/venv.
# Idempotent and quiet: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.local/venv
if [ ! -x "$venv/bin/python" ]; then
  mkdir -p .local
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    # Debian/Ubuntu ship venv (ensurepip) separately.
    rm -rf "$venv"
    echo "setup: installing python3-venv (apt) to create $venv" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "python${pyver}-venv" >/dev/null 2>&1 ||
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$venv"
  fi
fi
missing=()
[ -x "$venv/bin/moto_server" ] || missing+=("moto[server]>=5,<6")
[ -x "$venv/bin/aws" ] || missing+=("awscli")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]} into $venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi

#!/usr/bin/env bash
# The C build tools wsctl's dependencies compile with, idempotent and quiet: `make` for jemalloc
# (tikv-jemalloc-sys), a C compiler for jemalloc and aws-lc, and iproute2's `ss`. Via apt, only
# when missing.
set -euo pipefail

missing=()
command -v make >/dev/null 2>&1 || missing+=(make)
command -v cc >/dev/null 2>&1 || missing+=(build-essential)
# `ss` reads the emulator's accept queue in tests/it/emulator/latency.rs.
command -v ss >/dev/null 2>&1 || missing+=(iproute2)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]} (to build jemalloc and aws-lc; ss for a test)" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null

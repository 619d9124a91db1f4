#!/usr/bin/env bash
# The shells whose completion scripts the `fleet` integration tests (tests/it/fleet.rs) drive for real (bash is always there).
set -euo pipefail
missing=()
for sh in zsh fish elvish; do
  command -v "$sh" >/dev/null 2>&1 || missing+=("$sh")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} (completion tests)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

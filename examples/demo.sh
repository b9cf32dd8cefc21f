#!/usr/bin/env bash
# The main job, against the built-in sandbox: no credentials, no configuration.
# Builds publisher, uploads a 200 MiB machine image in 8 parallel, verified chunks, then
# validates and creates an application package. State goes to a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin=target/release/publisher
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
export PUBLISHER_CONFIG="$demo/config.toml" PUBLISHER_CACHE_DIR="$demo/cache" PUBLISHER_DATA_DIR="$demo/data"

head -c 200M /dev/urandom >"$demo/acme-image.tar.gz"
echo "== publisher --sandbox image upload --chunks 8 acme-image.tar.gz" >&2
"$bin" --sandbox image upload --chunks 8 "$demo/acme-image.tar.gz"
echo "== publisher --sandbox package create 2806005 examples/packages/compute-acme.json" >&2
"$bin" --sandbox package create 2806005 examples/packages/compute-acme.json

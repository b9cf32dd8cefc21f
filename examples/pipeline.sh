#!/usr/bin/env bash
# A release pipeline as a CI job would run it: start a sandbox (replace with your real endpoint
# and credentials), upload an image, validate and create a package, validate it remotely, then
# submit the listing and publish it once approved. Every step is scriptable: results are JSON on
# stdout (`--jq` picks fields out, no helper programs needed), progress on stderr, and the exit
# code says what went wrong (`publisher help exit-codes`).
set -euo pipefail

PUBLISHER=${PUBLISHER:-publisher}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'kill "${SANDBOX_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Isolated state, so the pipeline never touches the user's own config or journals.
export PUBLISHER_CONFIG="$WORK/config.toml" PUBLISHER_CACHE_DIR="$WORK/cache" PUBLISHER_DATA_DIR="$WORK/data"

# 1. A local sandbox on a free port; its first stdout line is the URL.
PUBLISHER_SANDBOX_SECRET=pipeline-secret "$PUBLISHER" sandbox --port 0 --data-dir "$WORK/sandbox" \
  --processing-ms 100 >"$WORK/sandbox.url" 2>/dev/null &
SANDBOX_PID=$!
for _ in $(seq 100); do [ -s "$WORK/sandbox.url" ] && break; sleep 0.1; done
export PUBLISHER_ENDPOINT=$(head -n1 "$WORK/sandbox.url")
export PUBLISHER_USER=release-bot@example.com
# Secrets from files, as CI secret mounts provide them.
printf '%s\n' pipeline-secret >"$WORK/client-secret"
export PUBLISHER_CLIENT_ID=sandbox-client PUBLISHER_CLIENT_SECRET_FILE="$WORK/client-secret"
# Plain progress lines in the job log, a few more retries on a flaky network.
export PUBLISHER_PROGRESS=plain PUBLISHER_RETRIES=8

# 2. Upload the image (chunked, parallel, verified), branching on the exit code: 5 (network,
#    5xx after retries) and 130 (interrupted) resume when the same command is run again.
head -c 3000000 /dev/urandom >"$WORK/acme-image.tar.gz"
upload() { "$PUBLISHER" --jq .imageFilePath image upload --chunks 6 --application acme --version 1.0 "$WORK/acme-image.tar.gz"; }
for attempt in 1 2 3; do
  set +e; image_path=$(upload); code=$?; set -e
  case $code in
    0) break ;;
    5|130) echo "upload attempt $attempt failed (exit $code); resuming" >&2; sleep 2 ;;
    3) echo "credentials rejected: check PUBLISHER_CLIENT_ID/SECRET" >&2; exit 3 ;;
    7|8) echo "image verification failed (exit $code): not publishing" >&2; exit "$code" ;;
    *) echo "upload failed (exit $code)" >&2; exit "$code" ;;
  esac
done
[ "$code" -eq 0 ] || exit "$code"
echo "image uploaded to $image_path" >&2

# 3. Check the package locally (exit 4 with file:line:col annotations when it is broken), then create it.
pkg="$HERE/packages/compute-acme.json"
if ! "$PUBLISHER" package validate "$pkg" --format github; then
  echo "package $pkg is invalid; see the annotations above" >&2
  exit 4
fi
package_id=$("$PUBLISHER" --jq .packageVersionId package create 2806005 "$pkg")
echo "package $package_id created" >&2

# 4. Server-side validation, then submit; the sandbox's reviewer approves shortly after.
"$PUBLISHER" package validate-remote 2806005 "$package_id" >&2
"$PUBLISHER" application submit 2806005 --note "release $(date +%F)" >&2
# Wait for the review (exit 9 if it takes longer than the timeout; the status reached is printed).
status=$("$PUBLISHER" --jq .status application wait 2806005 --status APPROVED,REJECTED --timeout 2m --interval 200ms)
if [ "$status" != APPROVED ]; then
  echo "listing 2806005 was $status: not publishing" >&2
  exit 6
fi
"$PUBLISHER" application publish 2806005 >&2
echo "published listing 2806005 with package $package_id"

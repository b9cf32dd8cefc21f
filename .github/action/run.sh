#!/usr/bin/env bash
# The logic of the publisher GitHub Action (action.yml at the repository root calls it), kept
# here so it can be tested outside GitHub: point GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and
# RUNNER_TEMP at temporary files and put a `publisher` binary on PATH.
#
#   run.sh prepare           digest of INPUT_FILE and the journal directory, for the cache step
#   run.sh image-upload      publisher image upload INPUT_FILE INPUT_ARGS...
#   run.sh package-validate  publisher package validate INPUT_FILE (annotations, SARIF, counts)
#
# Outputs (GITHUB_OUTPUT): digest, data-dir; upload-request-id, md5, verification;
# errors, warnings, sarif-file. A summary table goes to GITHUB_STEP_SUMMARY.
# Needs bash, jq and sha256sum (or shasum), all present on GitHub-hosted runners.
set -euo pipefail

: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
: "${GITHUB_STEP_SUMMARY:?GITHUB_STEP_SUMMARY is not set}"
: "${RUNNER_TEMP:?RUNNER_TEMP is not set}"
PUBLISHER="${PUBLISHER_BIN:-publisher}"

output() { printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; }
summary() { printf '%s\n' "$@" >>"$GITHUB_STEP_SUMMARY"; }
# Workflow-command data: %, CR and LF must be escaped or the message is cut.
escape() {
  local s="$1"
  s="${s//'%'/'%25'}"
  s="${s//$'\r'/'%0D'}"
  s="${s//$'\n'/'%0A'}"
  printf '%s' "$s"
}
annotate() { printf '::%s title=%s::%s\n' "$1" "$2" "$(escape "$3")"; }
# A Markdown table cell: pipes escaped, one line.
cell() {
  local s="${1//|/\\|}"
  printf '%s' "${s//$'\n'/ }"
}
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}
need_file() {
  : "${INPUT_FILE:?the 'file' input is required}"
  [ -f "$INPUT_FILE" ] || {
    annotate error publisher "no such file: $INPUT_FILE"
    exit 4
  }
}

data_dir() { printf '%s' "${PUBLISHER_DATA_DIR:-$RUNNER_TEMP/publisher-data}"; }

prepare() {
  need_file
  output digest "$(sha256 "$INPUT_FILE")"
  output data-dir "$(data_dir)"
}

image_upload() {
  need_file
  export PUBLISHER_DATA_DIR
  PUBLISHER_DATA_DIR="$(data_dir)"
  mkdir -p "$PUBLISHER_DATA_DIR"
  local -a extra=()
  if [ -n "${INPUT_ARGS:-}" ]; then
    read -r -a extra <<<"$INPUT_ARGS"
  fi
  local json rc=0
  json="$("$PUBLISHER" --output json image upload "$INPUT_FILE" ${extra[@]+"${extra[@]}"})" || rc=$?
  if [ "$rc" -eq 8 ] && [ "${INPUT_RESTART_IF_REPLACED:-true}" = true ]; then
    # A fresh copy of the same content resumes (publisher re-hashes it); exit 8 means the
    # restored journal was made for other content at this path (an older cache entry).
    annotate warning "publisher image upload" \
      "the saved upload journal was made for other content at $INPUT_FILE; starting a new upload (--restart)"
    rc=0
    json="$("$PUBLISHER" --output json image upload "$INPUT_FILE" ${extra[@]+"${extra[@]}"} --restart)" || rc=$?
  fi
  if [ "$rc" -ne 0 ]; then
    local msg
    msg="$(jq -r '.error.message // empty' <<<"$json" 2>/dev/null || true)"
    annotate error "publisher image upload" "${msg:-publisher exited with code $rc}"
    summary "### publisher image upload failed" "" \
      "| File | Exit code | Error |" "| --- | --- | --- |" \
      "| \`$(cell "$INPUT_FILE")\` | $rc | $(cell "${msg:-see the log}") |"
    exit "$rc"
  fi
  local id md5 verification
  id="$(jq -r '.uploadRequestId // empty' <<<"$json")"
  md5="$(jq -r '.md5 // empty' <<<"$json")"
  # `verification` (md5|chunks|none) when this publisher reports it; else from `verified`.
  verification="$(jq -r 'if (.verification // null) != null then .verification
                         elif .verified == true then "md5" else "none" end' <<<"$json")"
  output upload-request-id "$id"
  output md5 "$md5"
  output verification "$verification"
  if [ "$verification" = none ]; then
    annotate warning "publisher image upload" \
      "upload request $id: the server's checksum could not be compared with the local file"
  else
    annotate notice "publisher image upload" "upload request $id verified ($verification)"
  fi
  summary "### publisher image upload" "" \
    "| File | Upload request | MD5 | Verification |" "| --- | --- | --- | --- |" \
    "| \`$(cell "$INPUT_FILE")\` | $id | \`$md5\` | $verification |"
}

package_validate() {
  need_file
  local sarif="${INPUT_SARIF_FILE:-}"
  [ -n "$sarif" ] || sarif="$RUNNER_TEMP/publisher-package.sarif"
  local report="$RUNNER_TEMP/publisher-package.json"
  rm -f "$report"
  local -a args=(package validate "$INPUT_FILE" --format github
    --report "sarif=$sarif" --report "json=$report")
  [ "${INPUT_DENY_WARNINGS:-false}" = true ] && args+=(--deny-warnings)
  [ -n "${INPUT_ARTEFACT:-}" ] && args+=(--file "$INPUT_ARTEFACT")
  local rc=0
  # stdout is GitHub annotations: the runner turns them into file/line annotations.
  "$PUBLISHER" "${args[@]}" || rc=$?
  if [ ! -f "$report" ]; then
    annotate error "publisher package validate" "publisher exited with code $rc before checking $INPUT_FILE"
    exit "$((rc == 0 ? 1 : rc))"
  fi
  local errors warnings verdict
  errors="$(jq -r '.errors' "$report")"
  warnings="$(jq -r '.warnings' "$report")"
  output errors "$errors"
  output warnings "$warnings"
  output sarif-file "$sarif"
  if [ "$rc" -eq 0 ]; then verdict="passed"; else verdict="failed"; fi
  summary "### publisher package validate: $verdict" "" \
    "| File | Errors | Warnings |" "| --- | --- | --- |" \
    "| \`$(cell "$INPUT_FILE")\` | $errors | $warnings |" ""
  if [ "$((errors + warnings))" -gt 0 ]; then
    summary "| Severity | Rule | Line | Message |" "| --- | --- | --- | --- |"
    jq -r '.diagnostics[:50][] | "| \(.severity) | `\(.rule)` | \(.start.line) | \(.message | gsub("\\|"; "\\|") | gsub("\n"; " ")) |"' \
      "$report" >>"$GITHUB_STEP_SUMMARY"
  fi
  exit "$rc"
}

case "${1:-}" in
  prepare) prepare ;;
  image-upload) image_upload ;;
  package-validate) package_validate ;;
  *)
    echo "usage: run.sh prepare|image-upload|package-validate" >&2
    exit 2
    ;;
esac

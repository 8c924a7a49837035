#!/usr/bin/env bash
# README's test command (make test). Installs what is missing, builds everything with warnings as errors, checks
# the style, publishes the functions as they deploy (trim/AOT clean), runs every test project, and prints one closing line:
# "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

./local/install.sh

echo "==> build (warnings are errors)"
dotnet build InvoiceScanner.sln -c Debug --nologo -v quiet

echo "==> style (dotnet format --verify-no-changes; run dotnet format to fix)"
dotnet format InvoiceScanner.sln --verify-no-changes --no-restore -v quiet

if [[ "${SKIP_PUBLISH:-}" != "1" ]]; then
  # The functions as they deploy (make build-all, Native AOT). Its publish runs the trim/AOT analysis, so any
  # IL2xxx/IL3xxx warning fails here as an error (PUBLISH_MODE=aot, not auto: a warning must not fall back to a
  # ReadyToRun build); the architecture tests then check what the builds carry (ONNX Runtime only in ProcessInvoice,
  # no debug symbols).
  echo "==> publish the functions as they deploy (trim/AOT analysis)"
  make build-all PUBLISH_MODE="${PUBLISH_MODE:-aot}" ARTIFACTS_ROOT="$PWD/artifacts/test-publish" SYMBOLS_ROOT="$PWD/artifacts/test-publish-symbols"
  export INVOICESCANNER_PUBLISHED="$PWD/artifacts/test-publish"
fi

log_dir=$(mktemp -d)
passed=0 failed=0 skipped=0 status=0
for project in tests/*/; do
  name=$(basename "$project")
  [[ "$name" == "InvoiceScanner.TestSupport" ]] && continue
  echo "==> $name"
  set +e
  dotnet test "$project" -c Debug --no-build --nologo 2>&1 | tee "$log_dir/$name.log"
  code=${PIPESTATUS[0]}
  set -e
  [[ $code -ne 0 ]] && status=1
  line=$(grep -E "Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$log_dir/$name.log" | tail -1 || true)
  if [[ -z "$line" ]]; then
    echo "!! $name printed no summary"; status=1; failed=$((failed + 1)); continue
  fi
  f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$line")
  s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$line")
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done
echo
# The failures again, last, where a truncated CI log still shows them.
if [[ $failed -gt 0 ]]; then
  echo "Failed tests:"
  grep -h -E "^\s+Failed [A-Za-z_]" "$log_dir"/*.log | sed -E 's/^\s+/  /' | sort -u || true
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status

#!/usr/bin/env bash
# README's test command (make test). Installs what is missing, builds everything with warnings as errors,
# checks the functions stay trim/AOT clean, runs every test project, and prints one closing line:
# "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

./local/install.sh

echo "==> build (warnings are errors)"
dotnet build InvoiceScanner.sln -c Debug --nologo -v quiet

if [[ "${SKIP_TRIM_CHECK:-}" != "1" ]]; then
  # Native AOT cannot be published on this toolchain; a trimmed publish runs the same IL analysis,
  # so any trim/AOT warning (IL2xxx/IL3xxx) fails here as an error.
  echo "==> trim/AOT analysis of the functions"
  for fn in UploadPresign ProcessInvoice ExtractData GetInvoices; do
    dotnet publish "functions/$fn/$fn.csproj" -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true \
      -p:TrimmerSingleWarn=false -o "artifacts/trimcheck/$fn" --nologo -v quiet
  done
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
echo "$passed passed, $failed failed, $skipped skipped"
exit $status

#!/usr/bin/env bash
# Runs the whole product on this machine: installs what is missing, builds the five functions, starts the local
# stack (S3, DynamoDB, functions, HTTP API on 127.0.0.1) and scans the sample invoices; then keeps the API up until
# Ctrl-C. Arguments go to the `demo` command (e.g. --api-port 3100, --once); see `local/run.sh --help`.
#   INVOICESCANNER_FUNCTIONS_DIR  where the builds go (default: artifacts/)
#   INVOICESCANNER_BUILD=fast     framework-dependent `dotnet publish` instead of `make build-all` (much quicker)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
functions="${INVOICESCANNER_FUNCTIONS_DIR:-$repo/artifacts}"
functions="$(mkdir -p "$functions" && cd "$functions" && pwd)"

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  exec dotnet run --project "$repo/local/InvoiceScanner.LocalHost" -c Release -- help
fi

"$repo/local/install.sh"

publish_framework_dependent() {
  local project logical_id
  for pair in UploadPresign:UploadPresignFunction ProcessInvoice:ProcessInvoiceFunction \
              ExtractData:ExtractDataFunction GetInvoices:GetInvoicesFunction ReviewInvoice:ReviewInvoiceFunction; do
    project="${pair%%:*}"
    logical_id="${pair##*:}"
    echo "==> $project -> $functions/$logical_id (framework-dependent)" >&2
    # Emptied first: a native bootstrap left by `make build-all` would otherwise be started instead of this build.
    rm -rf "${functions:?}/$logical_id"
    dotnet publish "$repo/functions/$project/$project.csproj" -c Release -o "$functions/$logical_id" --nologo -v quiet
  done
}

if [[ "${INVOICESCANNER_BUILD:-}" == "fast" ]]; then
  publish_framework_dependent
elif [[ -f "$repo/Makefile" ]] && make -C "$repo" -n build-all >/dev/null 2>&1; then
  make -C "$repo" --no-print-directory build-all ARTIFACTS_ROOT="$functions"
else
  echo "run.sh: no 'make build-all' target; publishing the functions with dotnet instead" >&2
  publish_framework_dependent
fi

# Build, then exec the host itself (not `dotnet run`), so Ctrl-C/SIGTERM reach it directly and it stops every child.
host="$repo/local/InvoiceScanner.LocalHost"
dotnet build "$host" -c Release --nologo -v quiet
exec dotnet "$host/bin/Release/net10.0/InvoiceScanner.LocalHost.dll" demo --functions "$functions" "$@"

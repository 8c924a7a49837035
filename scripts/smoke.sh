#!/usr/bin/env bash
# Smoke test of a running stack through its public HTTP API, as a client uses it: for every sample invoice,
# POST /invoices, PUT the file to the presigned URL, poll GET /invoices/{id} until it is finished, and compare the total,
# number, date and currency with what the sample prints. One line per file; exits 1 if any file is wrong or stuck.
#
#   scripts/smoke.sh API_URL TOKEN [DIR]
#
# API_URL  the stack's API (local: http://127.0.0.1:3000; deployed: the ApiUrl output of `sam deploy`)
# TOKEN    a JWT the API accepts (local: `dotnet run --project local/InvoiceScanner.LocalHost -- token smoke-user`;
#          deployed: an access token of a Cognito test user, e.g. from `aws cognito-idp initiate-auth`)
# DIR      files to upload, each <name>.pdf|.png|.scanned.pdf beside <name>.expected.json (default: the sample
#          invoices, written by tools/InvoiceScanner.SampleInvoices.Cli into a temporary folder)
# SMOKE_TIMEOUT_SECONDS  how long one file may take to finish (default 180)
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  sed -n '2,14p' "$0" >&2
  exit 2
fi
api=${1%/}
token=$2
dir=${3:-}
timeout=${SMOKE_TIMEOUT_SECONDS:-180}
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "smoke: $tool is needed" >&2; exit 2; }
done

if [[ -z $dir ]]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  dotnet run --project "$(dirname "$0")/../tools/InvoiceScanner.SampleInvoices.Cli" -c Release -- --out "$dir" >/dev/null
fi

content_type() {
  case $1 in
    *.pdf) echo application/pdf ;;
    *.png) echo image/png ;;
    *.jpg | *.jpeg) echo image/jpeg ;;
    *) echo application/octet-stream ;;
  esac
}

# Prints "<status> <http code>" of one call, with the body in $reply.
call() {
  local method=$1 url=$2 body=${3:-}
  reply=$(curl -sS -X "$method" "$url" -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    ${body:+--data "$body"} -w '\n%{http_code}') || return 1
  code=${reply##*$'\n'}
  reply=${reply%$'\n'*}
}

# Uploads one file and waits; prints the finished invoice as JSON, or fails with why.
scan() {
  local file=$1 name type id url size
  name=$(basename "$file")
  type=$(content_type "$file")
  size=$(stat -c %s "$file")
  call POST "$api/invoices" "$(jq -cn --arg f "$name" --arg t "$type" --argjson s "$size" '{fileName: $f, contentType: $t, size: $s}')"
  [[ $code == 201 ]] || { echo "POST /invoices answered $code: $reply"; return 1; }
  id=$(jq -r .invoiceId <<<"$reply")
  url=$(jq -r .upload.url <<<"$reply")
  local headers=()
  while IFS= read -r header; do headers+=(-H "$header"); done < <(jq -r '.upload.headers | to_entries[] | "\(.key): \(.value)"' <<<"$reply")
  curl -sS -f -X PUT "${headers[@]}" --data-binary "@$file" "$url" >/dev/null || { echo "the upload to the presigned URL failed"; return 1; }
  local deadline=$((SECONDS + timeout)) status=""
  while ((SECONDS < deadline)); do
    call GET "$api/invoices/$id"
    status=$(jq -r '.status // empty' <<<"$reply")
    case $status in COMPLETED | NEEDS_REVIEW | FAILED | EXPIRED) echo "$reply"; return 0 ;; esac
    sleep 1
  done
  echo "invoice $id still ${status:-unknown} after ${timeout} s"
  return 1
}

failed=0 count=0
printf '%-44s %-13s %s\n' file status result
for file in "$dir"/*.pdf "$dir"/*.png; do
  [[ -e $file ]] || continue
  stem=${file%.pdf}; stem=${stem%.png}; stem=${stem%.scanned}
  expected="$stem.expected.json"
  [[ -f $expected ]] || continue
  count=$((count + 1))
  if ! invoice=$(scan "$file"); then
    printf '%-44s %-13s %s\n' "$(basename "$file")" "-" "FAIL: $invoice"; failed=$((failed + 1)); continue
  fi
  # What the sample prints against what was read: total, number, date, currency.
  wrong=$(jq -rn --argjson read "$invoice" --argjson want "$(cat "$expected")" '
    [ (if ($read.fields.total.value // null) != $want.total then "total \($read.fields.total.value // "none") (want \($want.total))" else empty end),
      (if ($read.fields.invoiceNumber.value // null) != $want.invoiceNumber then "number \($read.fields.invoiceNumber.value // "none") (want \($want.invoiceNumber))" else empty end),
      (if ($read.fields.invoiceDate.value // null) != $want.invoiceDate then "date \($read.fields.invoiceDate.value // "none") (want \($want.invoiceDate))" else empty end),
      (if ($read.fields.currency.value // null) != $want.currency then "currency \($read.fields.currency.value // "none") (want \($want.currency))" else empty end)
    ] | join("; ")')
  status=$(jq -r .status <<<"$invoice")
  if [[ $status == FAILED || -n $wrong ]]; then
    printf '%-44s %-13s %s\n' "$(basename "$file")" "$status" "FAIL: ${wrong:-$(jq -r '.failure.code' <<<"$invoice")}"; failed=$((failed + 1))
  else
    printf '%-44s %-13s %s\n' "$(basename "$file")" "$status" "ok"
  fi
done
((count > 0)) || { echo "smoke: no <name>.pdf|.png with <name>.expected.json in $dir" >&2; exit 2; }
echo "$((count - failed)) of $count read right"
((failed == 0))

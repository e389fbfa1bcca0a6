#!/usr/bin/env bash
# npm run setup: everything a fresh machine needs, idempotent. OS packages first (Chromium, pandoc,
# a Java runtime with EPUBCheck, poppler, fonts for every script), then npm ci and the compile.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(chromium pandoc default-jre-headless epubcheck jing libxml2-utils calibre poppler-utils qpdf time fontconfig fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-liberation2)
brew_packages=(pandoc poppler qpdf epubcheck openjdk)

missing=()
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      echo "setup: installing ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "setup: these OS packages are missing; install them with:" >&2
      echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
      echo "then run npm run setup again." >&2
      exit 1
    fi
  fi
elif [ "$(uname -s)" = "Darwin" ] && command -v brew >/dev/null 2>&1; then
  for p in "${brew_packages[@]}"; do brew list "$p" >/dev/null 2>&1 || brew install "$p"; done
  [ -d "/Applications/Chromium.app" ] || [ -d "/Applications/Google Chrome.app" ] || brew install --cask chromium
else
  echo "setup: not Debian/Ubuntu or macOS with Homebrew; install Chromium (or Chrome), pandoc >= 2.17," >&2
  echo "a Java runtime with EPUBCheck, and poppler-utils yourself. imprint still builds without pandoc" >&2
  echo "(it embeds pandoc as WebAssembly), but the PDF needs a browser." >&2
fi

# Puppeteer's own browser download cannot work offline and is not needed (.puppeteerrc.cjs says so too).
export PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent compile
echo "setup: ready (node $(node --version), $(pandoc --version 2>/dev/null | head -1 || echo 'pandoc: embedded wasm'), $(chromium --version 2>/dev/null || echo 'no chromium'))"

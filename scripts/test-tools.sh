#!/usr/bin/env bash
# Installs the renderers the report tests use when they are missing: headless Chromium (HTML reports)
# and poppler-utils (pdftoppm, pdftotext, pdffonts for PDF reports), from Debian's packages.
# Without root or apt-get it says what to install and the report tests skip those checks.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing ${need[*]} for the report tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${need[@]}" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null; }
else
    echo "note: install ${need[*]} (Debian: sudo apt-get install ${need[*]}) to run the report rendering tests; they skip without them" >&2
fi

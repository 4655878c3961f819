#!/usr/bin/env bash
# Installs, when missing, the system libraries piguard uses: libhs and its headers (Debian's
# libhyperscan-dev), which the optional scan kernel (piguard._hs) is built against, and libarchive
# (libarchive13), through which piguard reads 7z and RAR archives. Without root or apt-get it says what to
# install; piguard then runs without them (text scanned with the hyperscan package, a Python call per
# match; 7z and RAR inputs reported as unreadable).
set -euo pipefail
missing=()
if ! [ -f /usr/include/hs/hs.h ] && ! [ -f /usr/local/include/hs/hs.h ]; then
    missing+=(libhyperscan-dev)
fi
if ! ldconfig -p 2>/dev/null | grep -q 'libarchive\.so'; then
    missing+=(libarchive13)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing ${missing[*]} for piguard"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; } \
        || echo "note: ${missing[*]} could not be installed; piguard runs without them" >&2
else
    echo "note: install ${missing[*]} (Debian: sudo apt-get install ${missing[*]}) for piguard's faster text scans and 7z/RAR archives" >&2
fi

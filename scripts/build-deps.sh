#!/usr/bin/env bash
# Installs the library the optional scan kernel (piguard._hs) is built against when it is missing:
# libhs and its headers, from Debian's libhyperscan-dev. Without root or apt-get it says what to install,
# and piguard is built without that kernel (it then scans with the hyperscan package, a Python call per match).
set -euo pipefail
if [ -f /usr/include/hs/hs.h ] || [ -f /usr/local/include/hs/hs.h ]; then
    exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing libhyperscan-dev for piguard's scan kernel"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q libhyperscan-dev >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q libhyperscan-dev >/dev/null; } \
        || echo "note: libhyperscan-dev could not be installed; piguard is built without its scan kernel" >&2
else
    echo "note: install libhyperscan-dev (Debian: sudo apt-get install libhyperscan-dev) for piguard's faster text scans" >&2
fi

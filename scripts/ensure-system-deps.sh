#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real (Chromium for browser tests,
# a CJK font for server-made PDFs and images, poppler's pdftoppm to render flyers in tests, nginx for the
# deployment test in tests/deploy/, PostgreSQL for its several-machine case, wrk for benchmarks/load.py), only when
# they are missing.
# `ensure-system-deps.sh fonts` (make run): only the CJK font the app needs to make flyers and map images.
set -euo pipefail
pkgs=()
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || pkgs+=(fonts-wqy-microhei)
if [ "${1:-all}" != "fonts" ]; then
    command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
    command -v pdftoppm >/dev/null 2>&1 || pkgs+=(poppler-utils)
    # Debian's nginx lives in /usr/sbin, which is not on every user's PATH.
    [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || pkgs+=(nginx)
    command -v wrk >/dev/null 2>&1 || pkgs+=(wrk)
    # tests/deploy/test_machines.py starts its own throw-away server from it (deploy/postgres.py); Debian's
    # package also starts a cluster of its own as a service, which the tests do not use.
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || pkgs+=(postgresql)
fi
[ ${#pkgs[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing Debian packages: ${pkgs[*]}"
# Another install (unattended-upgrades, a second `make`) may hold dpkg's lock: wait for it (up to
# APT_LOCK_WAIT seconds, 10 minutes by default) instead of stopping with "Could not get lock" (Error 100).
wait_lock=(-o "DPkg::Lock::Timeout=${APT_LOCK_WAIT:-600}")
# (apt-get update takes the lists lock, which older apt does not wait for: try again while that is the error.)
for try in $(seq 1 $(( ${APT_LOCK_WAIT:-600} / 10 ))); do
    if out=$($SUDO apt-get "${wait_lock[@]}" update -qq 2>&1); then break; fi
    if ! grep -qi "lock" <<<"$out" || [ "$try" -ge $(( ${APT_LOCK_WAIT:-600} / 10 )) ]; then echo "$out" >&2; exit 100; fi
    echo "Waiting for another package install to finish (apt lists locked)..."
    sleep 10
done
DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${wait_lock[@]}" install -y -qq --no-install-recommends "${pkgs[@]}"

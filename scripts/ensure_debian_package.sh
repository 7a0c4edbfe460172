#!/usr/bin/env bash
# Installs one of Debian's packages when the program it provides is missing (never a download of
# a tool's own binaries). Used by `make test` (chromium: the browser tests), `make bench` (wrk:
# the load measurement; nginx: the month-end surge) and the cluster smoke test (nginx).
#
#   bash scripts/ensure_debian_package.sh PACKAGE PROGRAM "WHAT IT IS FOR"
#
# PROGRAM is a command name or a path (/usr/sbin/nginx is not on every user's PATH). Only the
# program is used: the package may not start a service of its own (nginx would take port 80), so
# apt runs under a policy-rc.d that says "not now" (101), unless the machine has a policy.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 PACKAGE PROGRAM 'what it is for'" >&2; exit 2; }
package=$1 program=$2 purpose=$3
command -v "$program" >/dev/null && exit 0
echo "Installing Debian's $package ($purpose)..."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
own_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    own_policy=1
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$package" >/dev/null
[ -z "$own_policy" ] || $SUDO rm -f /usr/sbin/policy-rc.d
command -v "$program" >/dev/null || { echo "$package is installed but $program is missing" >&2; exit 1; }

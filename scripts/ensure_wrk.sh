#!/usr/bin/env bash
# The load measurement of `make bench` drives Debian's wrk; install it from Debian's packages
# when missing.
set -euo pipefail
command -v wrk >/dev/null && exit 0
echo "Installing Debian's wrk for the load measurement..."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null

#!/usr/bin/env bash
# The month-end surge of `make bench` puts Debian's nginx in front of gunicorn, as deployed;
# install it from Debian's packages when missing.
set -euo pipefail
command -v nginx >/dev/null && exit 0
echo "Installing Debian's nginx for the month-end surge..."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null

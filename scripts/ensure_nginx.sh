#!/usr/bin/env bash
# The cluster smoke test and the month-end surge of `make bench` put Debian's nginx in front of
# gunicorn hosts, as deployed; install it from
# Debian's packages when missing. Only the binary is used: the test starts nginx with its own
# configuration in a temporary folder, never the system's nginx service.
set -euo pipefail
[ -x /usr/sbin/nginx ] && exit 0
echo "Installing Debian's nginx (cluster smoke test, month-end surge)..."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
# Keep the package from starting the system's nginx on port 80 (policy-rc.d 101: "not now"),
# unless the machine already has a policy of its own.
own_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    own_policy=1
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx >/dev/null
[ -z "$own_policy" ] || $SUDO rm -f /usr/sbin/policy-rc.d

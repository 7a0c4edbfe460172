#!/usr/bin/env bash
# manage.py with the portal's environment file, e.g. `sudo -u pokja deploy/manage.sh migrate`.
# The file is systemd's EnvironmentFile: KEY=value lines, no quotes or spaces in values.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a
# shellcheck disable=SC1090
. "${POKJA_ENV_FILE:-/etc/pokja/pokja.env}"
set +a
exec .venv/bin/python manage.py "$@"

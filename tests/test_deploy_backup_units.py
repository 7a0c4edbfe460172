"""The nightly backup's systemd units (deploy/systemd/pokja-backup.{service,timer}): the timer
starts the service every night and makes up a missed night; the service runs a command this
code has, with arguments it accepts, as the portal's user with the portal's environment."""

import configparser
import re
import shlex
from pathlib import Path

from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
SYSTEMD = ROOT / "deploy" / "systemd"
APP = "/srv/pokja/app"  # where docs/operations.md installs this repository


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read_string((SYSTEMD / name).read_text(encoding="utf-8"))
    return parser


def test_the_timer_starts_the_backup_service_every_night_and_makes_up_a_missed_one():
    timer = unit("pokja-backup.timer")

    assert timer["Timer"].get("Unit", "pokja-backup.service") == "pokja-backup.service"
    assert (SYSTEMD / "pokja-backup.service").is_file()
    assert re.fullmatch(r"\*-\*-\* 0[2-5]:\d\d(:\d\d)?( \S+)?", timer["Timer"]["OnCalendar"])
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_the_service_runs_backup_portal_as_the_portal_with_its_environment():
    service = unit("pokja-backup.service")["Service"]
    web = unit("pokja-web.service")["Service"]

    for key in ("User", "Group", "WorkingDirectory", "EnvironmentFile"):
        assert service[key] == web[key], key
    assert service["Type"] == "oneshot"
    assert service["UMask"] == "0077"
    program, script, command, *arguments = shlex.split(service["ExecStart"])
    assert program == f"{APP}/.venv/bin/python"
    assert (ROOT / Path(script)).is_file() and script == "manage.py"
    assert get_commands()[command] == "pokja"
    # The arguments as the command's own parser reads them: no path, so BACKUP_DIR.
    parser = load_command_class("pokja", command).create_parser("manage.py", command)
    assert parser.parse_args(arguments).path is None

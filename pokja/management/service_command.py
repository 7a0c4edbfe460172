"""What the portal's operations commands (backup_portal, restore_portal, prepare_bucket,
upload_media) share: each runs one service, turns the failures that service expects into a
CommandError carrying the service's own sentence (exit status 1, no traceback), and reports what
was done in one success line. Paths are checked while the arguments are read, so a mistyped path
is refused before any work starts, with the same words in every command."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.core.management.base import BaseCommand, CommandError

R = TypeVar("R")


def existing_file(text: str) -> Path:
    """An argparse type: the path of a file that exists."""
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{path} does not exist or is not a file.")
    return path


def existing_folder(text: str) -> Path:
    """An argparse type: the path of a folder that exists."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} does not exist or is not a folder.")
    return path


class ServiceCommand(BaseCommand):
    """A command that runs one service. `expected` lists the exceptions that mean "refused" (a
    bad archive, no bucket configured, the object store unreachable) rather than a bug."""

    expected: tuple[type[Exception], ...] = ()

    def run_service(self, service: Callable[..., R], *args, **kwargs) -> R:
        try:
            return service(*args, **kwargs)
        except self.expected as exc:
            raise CommandError(str(exc)) from exc

    def success(self, message: str) -> None:
        self.stdout.write(self.style.SUCCESS(message))

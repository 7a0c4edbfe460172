"""Static files under production settings: collectstatic succeeds, and every file a template
names is in the manifest (without it every page answers 500)."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import production_environment

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")


def referenced_static_files() -> set[str]:
    names = set()
    for folder in TEMPLATE_DIRS:
        for template in folder.rglob("*.html"):
            names.update(STATIC_TAG.findall(template.read_text(encoding="utf-8")))
    return names


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("staticfiles")
    environment = production_environment(DJANGO_STATIC_ROOT=str(static_root))
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    return result, static_root


def test_collectstatic_succeeds_with_production_settings(collected):
    result, static_root = collected

    assert result.returncode == 0, result.stderr
    assert (static_root / "staticfiles.json").is_file()


def test_manifest_holds_every_static_file_a_template_names(collected):
    _, static_root = collected
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    referenced = referenced_static_files()

    assert "vendor/bootstrap/bootstrap.min.css" in referenced  # the scan finds the base template's
    assert sorted(referenced - manifest.keys()) == []


def test_every_source_map_a_vendored_file_names_is_shipped():
    # The manifest storage rewrites sourceMappingURL comments and fails on a missing map.
    comment = re.compile(r"[#@] sourceMappingURL=([^\s*]+)")
    missing = []
    for path in (ROOT / "static").rglob("*"):
        if path.suffix in (".js", ".css"):
            for name in comment.findall(path.read_text(encoding="utf-8", errors="replace")):
                if not (path.parent / name).is_file():
                    missing.append(f"{path.relative_to(ROOT)} -> {name}")

    assert missing == []

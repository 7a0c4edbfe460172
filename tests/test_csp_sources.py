"""The templates and the Python that writes HTML hold nothing the Content-Security-Policy blocks
(issue #23): no inline <script> (a json_script data block is data, not code, and is allowed), no
on*="" handler, no style="" attribute and no <style> element. Behaviour goes into static/js
(data- attributes, static/js/behaviours.js), looks into static/css."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["pokja", "targets", "kampungkb", "stunting", "config"]
# E-mail bodies are read in a mail client, not served under the portal's policy.
EMAIL_TEMPLATES = {"reminders/digest.html"}

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
DATA_SCRIPT = re.compile(r"""\btype\s*=\s*["']application/(ld\+)?json["']""", re.I)
HANDLER = re.compile(r"""<[a-z][^>]*\son[a-z]+\s*=""", re.I | re.S)
STYLE_ATTRIBUTE = re.compile(r"""<[a-z][^>]*\sstyle\s*=""", re.I | re.S)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)
TEMPLATE_COMMENT = re.compile(r"{% comment %}.*?{% endcomment %}|{#.*?#}", re.S)


def problems(text: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if "src=" not in attributes and not DATA_SCRIPT.search(attributes):
            found.append(f"inline script {match.group(0)!r}")
    for pattern, what in [
        (HANDLER, "on*= handler"),
        (STYLE_ATTRIBUTE, "style= attribute"),
        (STYLE_ELEMENT, "<style> element"),
        (JAVASCRIPT_URL, "javascript: URL"),
    ]:
        found += [f"{what} near {m.group(0)[-60:]!r}" for m in pattern.finditer(text)]
    return found


def template_files() -> list[Path]:
    folders = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    return [
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*.html")
        if path.relative_to(folder).as_posix() not in EMAIL_TEMPLATES
    ]


def test_the_scan_finds_what_the_policy_blocks():
    assert problems('<select onchange="this.form.submit()">')
    assert problems("<button class='b'\n  onclick='window.print()'>")
    assert problems('<div class="x" style="width: 5%">')
    assert problems("<script>alert(1)</script>")
    assert problems("<style>.a{}</style>")
    assert problems('<a href="javascript:void(0)">')
    assert not problems('<script src="/static/js/behaviours.js"></script>')
    assert not problems('<script id="d" type="application/json">{"a": 1}</script>')
    assert not problems('<meta name="viewport" content="width=device-width">')
    assert not problems('<button data-bs-toggle="collapse" data-print>')


def test_no_template_holds_inline_script_handlers_or_styles():
    files = template_files()
    assert len(files) > 50  # the scan sees the templates
    found = {
        str(path.relative_to(ROOT)): problems(
            TEMPLATE_COMMENT.sub("", path.read_text(encoding="utf-8"))
        )
        for path in files
    }
    assert {name: found for name, found in found.items() if found} == {}


def string_literals(path: Path) -> str:
    """The module's strings (format_html, mark_safe, crispy HTML()), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    )


def test_no_python_writes_inline_script_handlers_or_styles():
    files = [path for app in APPS for path in (ROOT / app).rglob("*.py")]
    found = {
        str(path.relative_to(ROOT)): problems(string_literals(path))
        for path in files
        if "migrations" not in path.parts
    }
    assert {name: found for name, found in found.items() if found} == {}

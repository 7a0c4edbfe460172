"""The README stays a five-minute read, and no link in the documentation leads nowhere.

Every relative link (and image) in README.md and docs/**/*.md must name an existing file, and
an anchor (`file.md#section`, `#section`) a heading of that file, as GitHub renders it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
README_MAX_LINES = 200

LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto: …


def markdown_files() -> list[Path]:
    return [README, *sorted((ROOT / "docs").rglob("*.md"))]


def prose_lines(text: str):
    """The lines outside fenced code blocks, with their line numbers."""
    in_code = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            in_code = not in_code
            continue
        if not in_code:
            yield number, line


def links(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in prose_lines(text):
        for match in LINK.finditer(INLINE_CODE.sub("", line)):
            found.append((number, match.group(1)))
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    result = set()
    for _number, line in prose_lines(path.read_text(encoding="utf-8")):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return result


def broken_links(path: Path) -> list[str]:
    """Each relative link of `path` that names a missing file or heading, as 'line: target'."""
    problems = []
    for number, target in links(path.read_text(encoding="utf-8")):
        if EXTERNAL.match(target):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            problems.append(f"{number}: {target} (no such file)")
        elif anchor and (linked.suffix != ".md" or anchor not in anchors(linked)):
            problems.append(f"{number}: {target} (no such heading)")
    return problems


def test_the_readme_is_a_five_minute_read():
    lines = README.read_text(encoding="utf-8").splitlines()

    assert len(lines) < README_MAX_LINES, f"README.md has {len(lines)} lines"


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_somewhere(path):
    assert broken_links(path) == []


def test_the_readme_leads_to_how_to_add_a_record_type():
    readme_targets = {target for _n, target in links(README.read_text(encoding="utf-8"))}

    assert "docs/architecture.md" in readme_targets
    assert "adding-a-record-type" in anchors(ROOT / "docs" / "architecture.md")


def test_the_checker_reports_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "guide.md").write_text("# Guide\n\n## First steps\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n"
        "[ok](guide.md#first-steps) [ok](#page) [web](https://example.org/x.md)\n"
        "[gone](missing.md) [no heading](guide.md#second-steps) [self](#nowhere)\n"
        "```\n[in code](missing-too.md)\n```\n"
        "`[inline code](missing-three.md)`\n",
        encoding="utf-8",
    )

    assert broken_links(page) == [
        "4: missing.md (no such file)",
        "4: guide.md#second-steps (no such heading)",
        "4: #nowhere (no such heading)",
    ]


def test_headings_get_githubs_anchors():
    assert slug('Reminders ("Perlu tindakan") and the e-mail digest') == (
        "reminders-perlu-tindakan-and-the-e-mail-digest"
    )
    assert slug("1. Install") == "1-install"
    assert slug("The REST API (`/api/v1/`)") == "the-rest-api-apiv1"

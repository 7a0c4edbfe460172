"""The icon font ships only the icons the portal uses, and every icon a template uses renders:
its class is in the stylesheet and its glyph in the font (scripts/subset_icons.py)."""

import importlib.util
import re
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "static" / "vendor" / "bootstrap-icons"
_spec = importlib.util.spec_from_file_location("subset_icons", ROOT / "scripts/subset_icons.py")
subset_icons = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(subset_icons)


def stylesheet_rules() -> dict[str, int]:
    css = (ICONS / "bootstrap-icons.min.css").read_text()
    return {
        name: int(code, 16)
        for name, code in re.findall(r'\.bi-([a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}', css)
    }


def test_every_icon_the_templates_use_renders():
    used = subset_icons.used_icons()
    rules = stylesheet_rules()
    glyphs = TTFont(ICONS / "fonts" / "bootstrap-icons.woff2").getBestCmap()

    assert {"pencil", "trash", "printer"} <= used  # the scan finds the templates' icons
    missing_rule = sorted(used - rules.keys())
    assert missing_rule == [], "run scripts/subset_icons.py after adding an icon"
    assert sorted(name for name in used if rules[name] not in glyphs) == []


def test_the_icon_font_holds_only_the_icons_in_use():
    font = ICONS / "fonts" / "bootstrap-icons.woff2"

    assert set(stylesheet_rules()) == subset_icons.used_icons()
    assert font.stat().st_size < 10 * 1024  # the full font is 134 KB
    assert sorted(p.name for p in font.parent.iterdir()) == ["bootstrap-icons.woff2"]

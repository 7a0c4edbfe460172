"""Placeholder until the boundaries are vendored (issue #21): a table only."""

from __future__ import annotations

from django.utils.html import format_html_join


def render(*, parent, layer_key, year, link, options, hidden_codes) -> str:
    return format_html_join("", "<span>{}</span>", [(layer_key,)])


def render_image(*, parent, layer_key, year, options) -> bytes:
    return b""

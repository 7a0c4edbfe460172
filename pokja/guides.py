"""The user guides shown inside the portal under /panduan/ (#24).

The guides are the Markdown files of docs/users/ (Indonesian, one per role and one for every
role): one text for the repository and the portal, so the two never drift apart. They are the
project's own files, never user input, so their HTML is trusted. Links between guides are
rewritten to the portal's addresses; headings get ids so that a page can link to the paragraph
that explains it (`guide_url("umum", "status-data")`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from pokja.kernel.accounts import User

GUIDES_DIR = Path(settings.BASE_DIR) / "docs" / "users"


@dataclass(frozen=True)
class Guide:
    slug: str
    filename: str


GUIDES = {
    guide.slug: guide
    for guide in (
        Guide("umum", "README.md"),
        Guide("staf-provinsi", "staf-provinsi.md"),
        Guide("koordinator", "koordinator.md"),
        Guide("operator-kampung-kb", "operator-kampung-kb.md"),
        Guide("pusat", "pusat.md"),
        Guide("admin", "admin.md"),
    )
}
_SLUG_OF_FILE = {guide.filename: guide.slug for guide in GUIDES.values()}

ROLE_GUIDES = {
    User.Role.STAF_PROVINSI: "staf-provinsi",
    User.Role.KOORDINATOR: "koordinator",
    User.Role.OPERATOR_KAMPUNG_KB: "operator-kampung-kb",
    User.Role.PUSAT: "pusat",
    User.Role.ADMIN: "admin",
}


def guide_for(user) -> str:
    """The slug of the guide written for the user's role."""
    return ROLE_GUIDES.get(user.role, "umum")


def guide_url(slug: str, section: str = "") -> str:
    url = reverse("pokja:guide", kwargs={"slug": slug})
    return f"{url}#{section}" if section else url


# [text](koordinator.md) or [text](README.md#anchor) between guides.
_GUIDE_LINK = re.compile(r'href="([a-z-]+\.md|README\.md)(#[^"]*)?"', re.IGNORECASE)
# Links and pictures that point out of docs/users/ (the IT team's docs, the README's
# screenshots): files of the repository, not pages of the portal. The text stays, the link goes.
_REPOSITORY_LINK = re.compile(r'<a href="\.\./[^"]*">(.*?)</a>', re.DOTALL)
_REPOSITORY_IMAGE = re.compile(r'<img [^>]*src="\.\./[^"]*"[^>]*>')


def _portal_links(html: str) -> str:
    def replace(match: re.Match) -> str:
        slug = _SLUG_OF_FILE.get(match.group(1))
        if slug is None:
            return match.group(0)
        return f'href="{guide_url(slug)}{match.group(2) or ""}"'

    html = _REPOSITORY_IMAGE.sub("", html)
    html = _REPOSITORY_LINK.sub(r"\1", html)
    return _GUIDE_LINK.sub(replace, html)


@dataclass(frozen=True)
class RenderedGuide:
    slug: str
    title: str
    html: SafeString


@functools.cache
def render(slug: str) -> RenderedGuide:
    """The guide as HTML, its first heading as its title (read once per process)."""
    text = (GUIDES_DIR / GUIDES[slug].filename).read_text(encoding="utf-8")
    title, _, body = text.partition("\n")
    html = markdown.markdown(
        body,
        extensions=["tables", "toc"],
        extension_configs={"toc": {"slugify": _slugify}},
        output_format="html",
    )
    # Tables get Bootstrap's classes; the guide's own top heading is the page's <h1>.
    html = html.replace("<table>", '<table class="table table-sm align-middle">')
    html = mark_safe(_portal_links(html))  # noqa: S308 (the repository's own text, see above)
    return RenderedGuide(slug, title.lstrip("# ").strip(), html)


def _slugify(value: str, separator: str) -> str:
    # Django's slugify: "Arti status" -> "arti-status", what a link in a template names.
    return slugify(value)

"""Template helpers shared by every app: Rupiah amounts, role labels, the status badge and the
link to the guide that explains a page."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from pokja import guides
from pokja.kernel import pagecache
from pokja.kernel.numbers import format_number, format_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """`1234567` -> `Rp 1.234.567` (see pokja.kernel.numbers.format_rupiah)."""
    return format_rupiah(value)


@register.filter
def number(value, places: int = 2) -> str:
    """Any number, grouped and without exponent (see pokja.kernel.numbers.format_number)."""
    return format_number(value, places)


@register.filter
def minutes(value) -> int:
    """A timedelta as whole minutes (for the lockout message)."""
    return int(value.total_seconds() // 60) if value else 0


@register.simple_tag(takes_context=True)
def may(context, action: str, obj=None) -> bool:
    """`{% may "use_queue" as flag %}`: ask the policy, never restate a role rule."""
    from pokja.kernel import policy

    return policy.allows(context["request"].user, action, obj)


STATUS_BADGE_CLASSES = {
    "terverifikasi": "text-bg-success",
    "diajukan": "text-bg-warning",
    "ditolak": "text-bg-danger",
}


@register.simple_tag
def status_badge(record) -> SafeString:
    """A record's status as a badge (and "demo" for demo data). Python rather than a template:
    the lists render it in every row, where a template per cell cost more than the rest of
    the row together."""
    badge = format_html(
        '<span class="badge status-{} {}">{}</span>',
        record.status,
        STATUS_BADGE_CLASSES.get(record.status, "text-bg-secondary"),
        record.get_status_display(),
    )
    if getattr(record, "is_demo", False):
        return format_html(
            '{} <span class="badge text-bg-light border">{}</span>', badge, gettext("demo")
        )
    return badge


@register.simple_tag
def guide_link(slug: str, section: str = "") -> SafeString:
    """A small "how is this computed?" link to the paragraph of the guide that explains it."""
    return format_html(
        '<a class="small d-print-none guide-link" href="{}">'
        '<i class="bi bi-question-circle" aria-hidden="true"></i> {}</a>',
        guides.guide_url(slug, section),
        gettext("How is this computed?"),
    )


# Signed-in users' navbars, each kept under the values it shows (see `navbar`): a worker sees a
# few kinds of account, so a few entries; emptied when full rather than tracking their age.
_NAVBARS: dict[tuple, str] = {}
_NAVBARS_MAX = 2000
_NEXT_PLACEHOLDER = "__navbar_next__"
# Only this exact attribute is filled in: text from the data is HTML-escaped, never has quotes.
_NEXT_SLOT = f'name="next" type="hidden" value="{_NEXT_PLACEHOLDER}"'


@register.simple_tag(takes_context=True)
def navbar(context) -> SafeString:
    """The navbar (templates/partials/navbar.html), rendered from plain values only.

    A signed-in user's navbar is the same on every page they open (the links the context
    processors gave, their name, role and region, the language), yet rendering it (some twenty
    URLs, two forms, the language menu) was a large part of a page served from the page cache,
    and a part the login page, the bench's reference, does not have. So it is kept in the
    worker's memory under exactly the values the template receives: any change of one of them
    (a new name, another count of items to act on, the year's links) renders it anew. The
    request's own parts, the CSRF token and the path the language switch returns to, are put
    in after; the anonymous navbar (the login page) is rendered each time."""
    request = context["request"]
    user = context.get("user")
    values = {
        "LANGUAGE_CODE": translation.get_language(),
        "next_path": _NEXT_PLACEHOLDER,
        # What the template's own {% url %}s depend on (tests swap the URLconf).
        "urls": (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()),
    }
    if user is not None and user.is_authenticated:
        region = user.region if user.region_id else None
        values.update(
            authenticated=True,
            username=user.username,
            display_name=str(user),
            role_display=str(user.get_role_display()),
            region_name=region.name if region else "",
            region_code=region.code if region else "",
            # (label, url) pairs: labels are lazy translations, kept as this language's text.
            nav_items=tuple((str(label), url) for label, url in context.get("nav_items", ())),
            nav_lists=tuple((str(label), url) for label, url in context.get("nav_lists", ())),
            due_menu=bool(context.get("due_menu")),
            due_count=context.get("due_count"),
            works_offline=bool(context.get("works_offline")),
        )
    key = tuple(sorted(values.items()))
    html = _NAVBARS.get(key) if values.get("authenticated") and not settings.DEBUG else None
    if html is None:
        html = render_to_string(
            "partials/navbar.html", {**values, "csrf_token": pagecache.CSRF_PLACEHOLDER}
        )
        if values.get("authenticated"):
            if len(_NAVBARS) >= _NAVBARS_MAX:
                _NAVBARS.clear()
            _NAVBARS[key] = html
    html = pagecache.with_token(request, html)
    # Escaped, as `{{ request.get_full_path }}` printed it.
    html = html.replace(
        _NEXT_SLOT, _NEXT_SLOT.replace(_NEXT_PLACEHOLDER, escape(request.get_full_path()))
    )
    return mark_safe(html)  # noqa: S308  the template's output, only escaped values put in

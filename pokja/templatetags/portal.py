"""Template helpers shared by every app: Rupiah amounts, role labels, the status badge and the
link to the guide that explains a page."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from pokja import guides
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

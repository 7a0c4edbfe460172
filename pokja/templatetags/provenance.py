"""`{% asal_angka url label %}`: the small "Asal angka" link beside a figure, to the page that
says what the figure is computed from."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from pokja.kernel.provenance import provenance_url

register = template.Library()


@register.simple_tag
def asal_angka(kind: str, *parts, label: str = "") -> str:
    """A link to the provenance of the figure `kind` / `parts` (e.g. "efektivitas", code, year);
    `label` names the figure for screen readers and the tooltip."""
    if not all(str(p) for p in parts):
        return ""
    title = gettext("Where does this number come from?")
    if label:
        title = f"{title} ({label})"
    return format_html(
        '<a class="provenance-link link-secondary text-decoration-none d-print-none" href="{}"'
        ' title="{}" aria-label="{}"><i class="bi bi-info-circle" aria-hidden="true"></i>'
        '<span class="visually-hidden">{}</span></a>',
        provenance_url(kind, *parts),
        title,
        title,
        gettext("Where from"),
    )

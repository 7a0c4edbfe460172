"""Template helpers shared by every app: Rupiah amounts and role labels."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from pokja.numbers import format_number

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """`1234567` -> `Rp 1.234.567` (separators follow the active language)."""
    if value in (None, ""):
        return "–"
    amount = Decimal(value).quantize(Decimal(1))
    return f"Rp {number_format(amount, decimal_pos=0, force_grouping=True)}"


@register.filter
def number(value, places: int = 2) -> str:
    """Any number, grouped and without exponent (see pokja.numbers.format_number)."""
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

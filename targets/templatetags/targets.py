"""Template helpers of the targets pages."""

from django import template

from targets.services.evaluation import BELUM, HAMPIR, TERCAPAI

register = template.Library()

# The row colour of each status, as evaluation_badge.html colours its badge.
ROW_CLASSES = {TERCAPAI: "table-success", HAMPIR: "table-warning", BELUM: "table-danger"}


@register.filter
def evaluation_row_class(evaluation) -> str:
    """The table row class of an achievement's evaluation ("" without a target or figure)."""
    return ROW_CLASSES.get(getattr(evaluation, "status", None), "")

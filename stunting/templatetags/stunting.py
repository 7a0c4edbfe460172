"""Template filters of the stunting pages."""

from django import template

from stunting.bands import band

register = template.Library()


@register.filter
def stunting_band(value):
    return band(value)

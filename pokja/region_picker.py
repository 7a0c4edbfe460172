"""Choosing a region by search, never from a dropdown of every region.

552 provinces and kab/kota rendered as `<option>`s halve a list page's speed, and villages would
be 83,762. Instead a region is a text field (`RegionField`) that reads a Kemendagri code such as
`63.71` (or "63.71 Kota Banjarmasin", as a suggestion fills it in), and static/js/region_picker.js
offers at most `SEARCH_LIMIT` suggestions from `search_regions`, which starts from
`Region.objects.for_user` like everything else. Without JavaScript the field still takes a code.
"""

from __future__ import annotations

import re

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pokja.kernel.scoping import CHANGE, VIEW
from pokja.models import Region

SEARCH_LIMIT = 20
# The levels a picker may ask for, by the name the search endpoint takes (`?tingkat=`).
LEVEL_GROUPS: dict[str, tuple[str, ...]] = {
    "provinsi": (Region.Level.PROVINSI,),
    "kabkota": Region.KABUPATEN_KOTA_LEVELS,
    "kecamatan": (Region.Level.KECAMATAN,),
    "desa": (Region.Level.DESA, Region.Level.KELURAHAN),
}
POKJA_LEVEL_GROUPS = ("provinsi", "kabkota")
CODE = re.compile(r"^\d{2}(?:\.\d{2}){0,2}(?:\.\d{4})?$")


def levels_of(groups) -> tuple[str, ...]:
    return tuple(level for group in groups for level in LEVEL_GROUPS.get(group, ()))


def search_regions(
    user, text: str, *, groups=POKJA_LEVEL_GROUPS, parent: Region | None = None, action=VIEW
) -> QuerySet[Region]:
    """At most SEARCH_LIMIT regions in the user's scope whose code starts with `text` (when it
    starts with a digit: "63.7", "63.71 Banjar") or whose name contains it ("banjar")."""
    regions = Region.objects.for_user(user, action).filter(level__in=levels_of(groups))
    if parent is not None:
        regions = regions.filter(code__startswith=f"{parent.code}.")
    text = text.strip()[:60]
    if text[:1].isdigit():
        code, _space, rest = text.partition(" ")
        regions = regions.filter(code__startswith=code)
        if rest.strip():
            regions = regions.filter(name__icontains=rest.strip())
    elif len(text) >= 2:
        regions = regions.filter(name__icontains=text)
    else:
        return Region.objects.none()
    return regions.select_related("parent").order_by("code")[:SEARCH_LIMIT]


class RegionSearchInput(forms.TextInput):
    """A text input that region_picker.js turns into a combobox with suggestions. A form may
    narrow the search to the regions below one of its scope: `attrs["data-region-parent"]`."""

    def __init__(self, *, groups=POKJA_LEVEL_GROUPS, action=VIEW, attrs=None):
        self.groups = tuple(groups)
        self.action = action
        defaults = {
            "autocomplete": "off",
            "spellcheck": "false",
            "placeholder": _("Name or code, e.g. 63.71"),
            "data-no-match": _("No region in your area matches."),
            "data-suggestions-label": _("Suggestions"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-region-search"] = reverse("pokja:region_search")
        context["widget"]["attrs"]["data-region-levels"] = ",".join(self.groups)
        if self.action == CHANGE:
            context["widget"]["attrs"]["data-region-action"] = "ubah"
        return context

    class Media:
        js = ["js/region_picker.js"]


class RegionField(forms.CharField):
    """A region of the user's scope at the given levels, typed as its code or picked from the
    suggestions ("63.71 Kota Banjarmasin"). Set `user` before validating (the form's or
    filter's `__init__`); an unknown code and a code outside the scope get the same error, so
    the message never confirms that a region exists elsewhere."""

    def __init__(self, *, groups=POKJA_LEVEL_GROUPS, user=None, action=VIEW, **kwargs):
        self.groups = tuple(groups)
        self.user = user
        self.action = action
        self._chosen: Region | None = None
        kwargs.setdefault("widget", RegionSearchInput(groups=self.groups, action=action))
        super().__init__(**kwargs)

    def choices_queryset(self) -> QuerySet[Region]:
        if self.user is None:
            return Region.objects.none()
        return Region.objects.for_user(self.user, self.action).filter(
            level__in=levels_of(self.groups)
        )

    def to_python(self, value):
        text = " ".join((super().to_python(value) or "").split())
        if not text:
            return None
        first = text.split(" ", 1)[0]
        if CODE.match(first):
            region = self.choices_queryset().filter(pk=first).first()
        else:
            # Without JavaScript a person may type the whole name: take it when it is unique.
            found = list(self.choices_queryset().filter(name__iexact=text)[:2])
            region = found[0] if len(found) == 1 else None
        if region is None:
            raise forms.ValidationError(
                _(
                    "“%(value)s” is not a region you can choose here: pick one from the "
                    "suggestions or type its code, e.g. 63.71."
                ),
                code="invalid_region",
                params={"value": text[:60]},
            )
        self._chosen = region
        return region

    def prepare_value(self, value):
        """Show the chosen region as "63.71 Kota Banjarmasin", whatever was typed."""
        if isinstance(value, Region):
            return str(value)
        chosen = self._chosen
        if isinstance(value, str) and chosen and value.split(" ", 1)[0] == chosen.code:
            return str(chosen)
        return value

"""Where a Kampung KB's maturity class comes from ("Asal angka"), ref "kampung id/year": the
twelve indicators with the raw counts the rule read, the percentages, the scores and the group
averages, and the verified profile (month, status, who entered and verified it) they come from.

The scores, values and class are the classification's stored ones (what every page shows); the
raw counts are read again from the profile it used. Three queries.
"""

from __future__ import annotations

from django.db.models import F, FilteredRelation, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from kampungkb import rules
from kampungkb.models import KampungKB, MaturityClass, Profile
from kampungkb.models.profiles import (
    KB_METHODS,
    LONG_ACTING,
    POKTAN,
    POKTAN_TARGETS,
    ROUTINES,
    DataSource,
    Funding,
)
from pokja.kernel.provenance import (
    Provenance,
    Section,
    SourceRecord,
    Table,
    provenance_url,
    ref_year,
    split_ref,
)
from pokja.kernel.regions import Region
from pokja.kernel.scoping import region_scope_q

POKTAN_NAMES = {"bkb": "BKB", "bkr": "BKR", "bkl": "BKL", "uppka": "UPPKA", "pikr": "PIK-R"}


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _pct(part: int, whole: int) -> str:
    value = rules.percent(part, whole)
    return f"{part}/{whole} = " + ("–" if value is None else f"{value}%")


def _labels(codes, choices) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(code, code)) for code in sorted(set(codes or []))) or "–"


def raw_figures(profile: Profile | None, agencies: str) -> dict[str, str]:
    """What each indicator read from the profile, as a person checks it against the form."""
    if profile is None:
        return {code: "–" for code in rules.INDICATOR_CODES} | {"agencies": agencies}
    p = profile
    kb_users = sum(getattr(p, f"kb_{m}") for m in KB_METHODS)
    long_acting = sum(getattr(p, f"kb_{m}") for m in LONG_ACTING)
    unmet = p.not_kb_wants_later + p.not_kb_wants_no_more
    poktan = []
    for name in POKTAN:
        members = getattr(p, f"{name}_members") if getattr(p, f"{name}_active") else 0
        poktan.append(f"{POKTAN_NAMES[name]} {_pct(members, getattr(p, POKTAN_TARGETS[name]))}")
    routines = [r for r in ROUTINES if getattr(p, f"routine_{r}") != "none"]
    return {
        "pokja": _("formed: %(formed)s; members: %(members)s; trained: %(trained)s")
        % {
            "formed": _yes(p.pokja_formed),
            "members": p.pokja_members,
            "trained": _yes(p.pokja_trained),
        },
        "funding": _labels(p.funding_sources, Funding),
        "poktan": ", ".join(POKTAN_NAMES[n] for n in POKTAN if getattr(p, f"{n}_active")) or "–",
        "secretariat": _("Sekretariat: %(a)s; Rumah DataKu: %(b)s")
        % {"a": _yes(p.has_secretariat), "b": _yes(p.has_rumah_dataku)},
        "officer": _("guided by: %(guide)s; regulation: %(signer)s")
        % {
            "guide": p.get_guide_display(),
            "signer": p.get_regulation_signer_display() if p.regulation_signer else _("none"),
        },
        "data_sources": _labels(p.data_sources, DataSource),
        "routines": ", ".join(
            f"{Profile._meta.get_field(f'routine_{r}').verbose_name} "
            f"({getattr(p, f'get_routine_{r}_display')()})"
            for r in routines
        )
        or "–",
        "agencies": agencies,
        "poktan_participation": "; ".join(poktan),
        "kb_participation": _("KB users ÷ PUS: %(figure)s") % {"figure": _pct(kb_users, p.pus)},
        "long_acting": _("MKJP users ÷ KB users: %(figure)s")
        % {"figure": _pct(long_acting, kb_users)},
        "unmet_need": _(
            "(wants a child later %(later)s + wants no more %(no_more)s) ÷ PUS: %(figure)s"
        )
        % {
            "later": p.not_kb_wants_later,
            "no_more": p.not_kb_wants_no_more,
            "figure": _pct(unmet, p.pus),
        },
    }


def class_provenance(user, ref: str) -> Provenance:
    pk_text, year_text = split_ref(ref, 2)
    if not pk_text.isdigit():
        raise Http404
    year = ref_year(year_text)
    kampung = get_object_or_404(
        KampungKB.objects.for_user(user).select_related("region"), pk=int(pk_text)
    )
    found = (
        MaturityClass.objects.filter(kampung=kampung, year=year)
        .select_related("profile__created_by", "profile__verified_by")
        .first()
    )
    result = Provenance(
        kind="kampung-kb",
        ref=f"{kampung.pk}/{year}",
        title=_("Kampung KB class, %(kampung)s, %(year)s") % {"kampung": kampung, "year": year},
        figure=found.get_level_display() if found else _("Not computed yet"),
        rule=_(
            "Twelve indicators, each scored 1-4, in three groups; a group is met when the "
            "average of its scores, rounded to two decimals, is at least 3. None or one group "
            "met: Dasar; Input and Process: Berkembang; Output and exactly one other: Mandiri; "
            "all three: Berkelanjutan. Percentages are rounded to whole numbers first."
        ),
        region=kampung.region,
        year=year,
        computed_at=found.computed_at if found else None,
    )
    if found is None:
        return result
    scores, values = rules.read_reasons(found.reasons)
    profile = found.profile
    raw = raw_figures(profile, values.get("agencies", ""))
    met = rules.met_groups(scores)
    rows = []
    for group in rules.GROUPS:
        codes = rules.GROUP_CODES[group]
        for indicator in rules.INDICATORS:
            if indicator.group == group:
                rows.append(
                    [
                        str(rules.GROUP_LABELS[group]),
                        str(indicator.label),
                        raw[indicator.code],
                        rules.display_value(indicator.code, values[indicator.code]),
                        str(scores[indicator.code]),
                    ]
                )
        average = number_format(rules.group_average([scores[c] for c in codes]), 2)
        rows.append(
            [
                str(rules.GROUP_LABELS[group]),
                _("average"),
                "",
                _("met") if group in met else _("not met"),
                average,
            ]
        )
    result.sections.append(
        Section(
            title=_("The twelve indicators"),
            result=found.get_level_display(),
            table=_table(rows),
        )
    )
    source = Section(
        title=_("Profile used"),
        rule=_(
            "The latest verified monthly profile up to the end of the year (today for the "
            "current year); the distinct agencies come from the Kampung KB's verified activities."
        ),
    )
    if profile is not None:
        month = date_format(profile.period, "YEAR_MONTH_FORMAT")
        source.result = month
        source.records.append(
            SourceRecord.from_record(
                profile, kind=_("Kampung KB profile"), label=f"{kampung} · {month}"
            )
        )
    else:
        source.result = "–"
        source.rule = _("No verified profile yet: every indicator scores 1.")
    result.sections.append(source)
    return result


def _table(rows) -> Table:
    headers = [_("Group"), _("Indicator"), _("Raw figures"), _("Value"), _("Score")]
    return Table([str(h) for h in headers], rows)


# --- The Kampung KB of a region: its count and its classes -----------------------------------


def region_provenance(user, ref: str) -> Provenance:
    """The Kampung KB of a province or kab/kota (ref "code/year"): the count the
    "jumlah-kampung-kb" achievement reads (active, launched by the end of the year) and the
    class counts of the overview pages (every active Kampung KB, this year's class). A kab/kota
    lists each Kampung KB with its class, linked to the class's page; a province sums its
    kab/kota. Both link to the region's Kampung KB list. Two queries."""
    code, year_text = split_ref(ref, 2)
    year = ref_year(year_text)
    region = get_object_or_404(Region.objects.for_user(user), code=code)
    if not (region.is_province or region.is_kabupaten_kota):
        raise Http404
    kampung = list(
        KampungKB.objects.for_user(user)
        .active()
        .filter(region_scope_q("region__code", region.code))
        .select_related("region")
        .annotate(year_class=FilteredRelation("classes", condition=Q(classes__year=year)))
        .annotate(class_level=F("year_class__level"))
        .order_by("region_id", "name")
    )
    labels = {level: str(rules.CLASS_LABELS[level]) for level in rules.CLASS_ORDER}
    counted = [k for k in kampung if k.launched_on.year <= year]
    per_class = {level: sum(1 for k in kampung if k.class_level == level) for level in labels}
    listing = reverse("kampungkb:region", args=[region.code]) + f"?tahun={year}"
    link = (_("Kampung KB list of %(region)s") % {"region": region.name}, listing)
    count = Section(
        title=_("Kampung KB counted for the target"),
        result=str(len(counted)),
        rule=_(
            "Active Kampung KB launched by the end of %(year)s, from the Kampung KB registry "
            "(never typed by hand); a province's figure is the sum of its kab/kota."
        )
        % {"year": year},
        link=link,
    )
    classes = Section(
        title=_("Kampung KB per class, %(year)s") % {"year": year},
        result=" · ".join(f"{labels[level]} {n}" for level, n in per_class.items()),
        rule=_(
            "Every active Kampung KB with the class the classification computed for %(year)s; "
            "one not classified yet is counted in no class. Each class's page shows its twelve "
            "indicators and the profile they come from."
        )
        % {"year": year},
        table=Table(
            [_("Class"), _("Kampung KB")],
            [[labels[level], str(n)] for level, n in per_class.items()]
            + [[_("Not classified yet"), str(len(kampung) - sum(per_class.values()))]],
        ),
    )
    if region.is_province:
        count.table = _per_kabkota(user, region, kampung, year, labels)
    else:
        for item in kampung:
            launched = item.launched_on.year <= year
            count.records.append(
                SourceRecord(
                    kind=_("Kampung KB"),
                    label=f"{item.name} · {item.region.name}",
                    url=provenance_url("kampung-kb", item.pk, year),
                    value=labels.get(item.class_level, _("Not classified yet")),
                    counts=launched,
                    note=_("Launched on %(date)s.") % {"date": date_format(item.launched_on)}
                    if launched
                    else _("Launched after %(year)s.") % {"year": year},
                )
            )
    return Provenance(
        kind="kampung-kb-wilayah",
        ref=f"{region.code}/{year}",
        title=_("Kampung KB, %(region)s, %(year)s") % {"region": region.name, "year": year},
        figure=_("%(count)s Kampung KB") % {"count": len(counted)},
        region=region,
        year=year,
        sections=[classes, count],  # the short table first, then the list
    )


def _per_kabkota(user, province, kampung, year, labels) -> Table:
    names = dict(
        Region.objects.for_user(user)
        .kabupaten_kota()
        .filter(parent=province)
        .values_list("code", "name")
    )
    rows = []
    for code, name in sorted(names.items()):
        mine = [k for k in kampung if k.region_id.startswith(f"{code}.")]
        rows.append(
            [
                name,
                str(sum(1 for k in mine if k.launched_on.year <= year)),
                *(str(sum(1 for k in mine if k.class_level == level)) for level in labels),
            ]
        )
    return Table([_("Regency/city"), _("Counted"), *labels.values()], rows)

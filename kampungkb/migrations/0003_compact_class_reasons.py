"""Stored class reasons in the compact form of `rules.Result.as_reasons`: the twelve scores as a
string of digits and their values as a list, in the rule's indicator order (frozen here, as a
migration must not follow later code). Reversible: going back spells them out again.

Rows are read by primary key in chunks and each chunk is written in its own transaction
(`atomic = False`), so a large table is neither held in memory nor locked in one transaction."""

from django.db import migrations, transaction

ORDER = (
    "pokja",
    "funding",
    "poktan",
    "secretariat",
    "officer",
    "data_sources",
    "routines",
    "agencies",
    "poktan_participation",
    "kb_participation",
    "long_acting",
    "unmet_need",
)
CHUNK = 2000


def _compacted(reasons: dict) -> dict | None:
    scores = reasons.get("scores")
    if not isinstance(scores, dict):
        return None  # already compact
    values = reasons.get("values", {})
    return {
        "scores": "".join(str(scores[code]) for code in ORDER),
        "values": [values.get(code, "") for code in ORDER],
    }


def _spelled_out(reasons: dict) -> dict | None:
    scores = reasons.get("scores")
    if not isinstance(scores, str):
        return None  # already spelled out
    values = reasons.get("values") or [""] * len(ORDER)
    return {
        "scores": {code: int(digit) for code, digit in zip(ORDER, scores, strict=True)},
        "values": {code: value for code, value in zip(ORDER, values, strict=True) if value != ""},
    }


def _rewrite(apps, convert) -> None:
    MaturityClass = apps.get_model("kampungkb", "MaturityClass")
    rows = MaturityClass.objects.only("pk", "reasons").order_by("pk")
    last = 0
    while chunk := list(rows.filter(pk__gt=last)[:CHUNK]):
        last = chunk[-1].pk
        changed = []
        for row in chunk:
            reasons = convert(row.reasons)
            if reasons is not None:
                row.reasons = reasons
                changed.append(row)
        with transaction.atomic():
            MaturityClass.objects.bulk_update(changed, ["reasons"])


def compact(apps, schema_editor):
    _rewrite(apps, _compacted)


def spell_out(apps, schema_editor):
    _rewrite(apps, _spelled_out)


class Migration(migrations.Migration):
    atomic = False  # one transaction per chunk (see above)

    dependencies = [("kampungkb", "0002_profile_recent_index")]

    operations = [migrations.RunPython(compact, spell_out)]

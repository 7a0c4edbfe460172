"""Stored class reasons in the compact form of `rules.Result.as_reasons`: the twelve scores as a
string of digits and their values as a list, in the rule's indicator order (frozen here, as a
migration must not follow later code)."""

from django.db import migrations

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


def compact(apps, schema_editor):
    MaturityClass = apps.get_model("kampungkb", "MaturityClass")
    changed = []
    for row in MaturityClass.objects.only("pk", "reasons").iterator(chunk_size=5000):
        scores = row.reasons.get("scores")
        if isinstance(scores, dict):
            values = row.reasons.get("values", {})
            row.reasons = {
                "scores": "".join(str(scores[code]) for code in ORDER),
                "values": [values.get(code, "") for code in ORDER],
            }
            changed.append(row)
    MaturityClass.objects.bulk_update(changed, ["reasons"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("kampungkb", "0002_profile_recent_index")]

    operations = [migrations.RunPython(compact, migrations.RunPython.noop)]

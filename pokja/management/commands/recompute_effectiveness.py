from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pokja.effectiveness.engine import EngineBusy, recompute
from pokja.models import AssessmentRun, Region


class Command(BaseCommand):
    help = (
        "Recompute the effectiveness of every Pokja (or one province's, or one region's) for "
        "the given years; the same service the nightly task runs."
    )

    def add_arguments(self, parser):
        this_year = timezone.localdate().year
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help=f"year to judge (repeatable; default {this_year - 1} and {this_year})",
        )
        parser.add_argument("--region", help="a province or kab/kota code, e.g. 63 or 63.71")

    def handle(self, *args, **options):
        this_year = timezone.localdate().year
        years = options["years"] or [this_year - 1, this_year]
        code = options["region"]
        if code and not Region.objects.filter(code=code).exists():
            raise CommandError(f"Unknown region code {code}")
        try:
            run = recompute(years=years, scope_code=code, trigger=AssessmentRun.Trigger.COMMAND)
        except EngineBusy as exc:
            raise CommandError(
                "Another effectiveness run is in progress; try again later."
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Run {run.pk}: {run.region_count} regions, {run.change_count} changes, "
                f"{len(run.errors)} errors in {run.duration.total_seconds():.2f} s"
            )
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    """Program targets for the Rakerda: indicator catalogue, splits, achievements, evaluation."""

    name = "targets"
    verbose_name = _("Program targets")

    def ready(self):
        from pokja.kernel.registry import FigureKind, registry
        from targets import panels  # noqa: F401  (registers the region page panel)
        from targets.models import Achievement

        registry.add_to_queue(Achievement, select_related=("region", "indicator"))
        # Its table on the public page (/publik/): final targets and their achievements.
        from targets.public import TARGETS

        registry.add_public_dataset(TARGETS)
        registry.add_returned_kind(panels.RETURNED_ACHIEVEMENTS)
        registry.add_cached_models(*self.get_models())  # the pages show every one of them
        from targets import navigation  # noqa: F401  (registers the navbar links)

        # A dotted path: the demo module is imported only when demo data is seeded.
        registry.add_demo_seeder("targets.devdata.demo.seed_demo_targets", after_others=True)
        # The API and the reminders: dotted paths, imported when the URLs / the nightly run need
        # them.
        registry.add_api_resource("targets", "targets.api.ProvinceTargetViewSet")
        registry.add_api_resource("achievements", "targets.api.AchievementViewSet")
        registry.add_reminder_source("targets.reminders.targets_not_final")
        registry.add_reminder_source("targets.reminders.achievements_missing")
        # "Asal angka" of an achievement: its records, or the figure it is computed from.
        registry.add_figure_kind(
            FigureKind(
                "capaian", _("Target achievement"), "targets.provenance.achievement_provenance"
            )
        )

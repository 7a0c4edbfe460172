from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    """Program targets for the Rakerda: indicator catalogue, splits, achievements, evaluation."""

    name = "targets"
    verbose_name = _("Program targets")

    def ready(self):
        from pokja.services.demo import register_demo_seeder
        from targets import panels  # noqa: F401  (registers the region page panel)
        from targets.demo import seed_demo_targets

        register_demo_seeder(seed_demo_targets)

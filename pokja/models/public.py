"""Whether a province's figures are on the public page (issue #21)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicPageSetting(models.Model):
    """A province may switch its public page off: its page and its kab/kota's answer 404, the
    national page and the datasets leave it out, its map area is drawn grey. A province without
    a row is published."""

    region = models.OneToOneField(
        "pokja.Region",
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"level": "provinsi"},
    )
    is_published = models.BooleanField(
        _("public page shown"),
        default=True,
        help_text=_("Off: the province's public page and its regencies/cities answer 404."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("public page setting")
        verbose_name_plural = _("public page settings")

    def __str__(self) -> str:
        return str(self.region)

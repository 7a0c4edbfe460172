"""A personal token's name. The token itself is django-rest-knox's AuthToken: only its hash is
stored, with its expiry; the name lets its owner tell tokens apart on the profile page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken


class TokenName(models.Model):
    token = models.OneToOneField(
        AuthToken, verbose_name=_("token"), on_delete=models.CASCADE, related_name="name"
    )
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("token name")
        verbose_name_plural = _("token names")

    def __str__(self) -> str:
        return self.name

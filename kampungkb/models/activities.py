"""A Kampung KB's activities: what was done, for whom, with which agencies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pokja.kernel.verification import Verifiable, VerifiableQuerySet
from pokja.validators import validate_plausible_date


class Agency(models.TextChoices):
    """The sectors that take part in Kampung KB activities (Inpres 3/2022)."""

    BKKBN = "bkkbn", _("BKKBN / OPD KB")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    SOCIAL = "social", _("Social affairs")
    RELIGION = "religion", _("Religious affairs")
    VILLAGE = "village", _("Village government (PMD)")
    AGRICULTURE = "agriculture", _("Agriculture and food")
    PUBLIC_WORKS = "public_works", _("Public works and housing")
    CIVIL_REGISTRY = "civil_registry", _("Civil registry (Dukcapil)")
    WOMEN_CHILDREN = "women_children", _("Women and child protection")
    ECONOMY = "economy", _("Cooperatives and small business")
    ENVIRONMENT = "environment", _("Environment")
    SECURITY = "security", _("Police and army (Babinsa/Bhabinkamtibmas)")
    PRIVATE = "private", _("Private sector")


class ActivityQuerySet(VerifiableQuerySet):
    region_code_field = "kampung__region__code"


class Activity(Verifiable):
    """An activity of a Kampung KB under one of the eight family functions."""

    Agency = Agency

    class Function(models.TextChoices):
        RELIGIOUS = "religious", _("Religious")
        EDUCATION = "education", _("Education")
        REPRODUCTION = "reproduction", _("Reproduction")
        ECONOMIC = "economic", _("Economic")
        PROTECTION = "protection", _("Protection")
        LOVE = "love", _("Love and affection")
        SOCIAL_CULTURAL = "social_cultural", _("Social and cultural")
        ENVIRONMENT = "environment", _("Environment")
        OTHER = "other", _("Other")

    entered_by_village_operator = True
    document_required = False  # the photo is optional
    choice_lists = {"agencies": Agency}  # shown by their labels (pokja.kernel.history)

    kampung = models.ForeignKey(
        "kampungkb.KampungKB",
        verbose_name=_("Kampung KB"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    held_on = models.DateField(_("date"), validators=[validate_plausible_date])
    place = models.CharField(_("place"), max_length=150)
    description = models.TextField(_("description"))
    family_function = models.CharField(
        _("family function"), max_length=20, choices=Function.choices
    )
    target_group = models.CharField(_("target group"), max_length=150)
    agencies = models.JSONField(_("agencies involved"), default=list, blank=True)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("Kampung KB activity")
        verbose_name_plural = _("Kampung KB activities")
        indexes = [
            models.Index(fields=["kampung", "status", "held_on"], name="kkb_activity_recent")
        ]

    def __str__(self) -> str:
        return f"{self.description[:60]} ({self.held_on:%d-%m-%Y})" if self.held_on else "-"

    def get_absolute_url(self) -> str:
        return reverse("kampungkb:activity_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if set(self.agencies or []) - set(Agency.values):
            raise ValidationError({"agencies": _("Unknown agency.")})

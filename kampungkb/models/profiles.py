"""A Kampung KB's monthly profile: its institutions, routines and family figures for one month.

Profiles are verifiable records entered by the village operator and verified by the kab/kota
coordinator; the latest verified profile of a Kampung KB is what its maturity class reads.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kampungkb.uploads import rkm_upload_to, validate_pdf
from pokja.kernel.verification import Verifiable, VerifiableQuerySet

POKTAN = ("bkb", "bkr", "bkl", "uppka", "pikr")
# Which family count each Poktan's members are measured against (the published rule).
POKTAN_TARGETS = {
    "bkb": "families_with_toddler",
    "bkr": "families_with_teenager",
    "bkl": "families_with_elderly",
    "uppka": "families",
    "pikr": "teenagers",
}
ROUTINES = ("planning", "coordination", "outreach", "monitoring", "reporting")
FAMILY_COUNTS = (
    "pus",
    "families",
    "teenagers",
    "families_with_toddler",
    "families_with_teenager",
    "families_with_elderly",
)
KB_METHODS = ("iud", "mow", "mop", "condom", "implant", "injection", "pill")
LONG_ACTING = ("iud", "mow", "mop", "implant")
NOT_IN_KB = ("pregnant", "wants_child_now", "wants_later", "wants_no_more")


class Signer(models.TextChoices):
    GUBERNUR = "gubernur", _("Governor (Gubernur)")
    BUPATI = "bupati", _("Regent or mayor (Bupati/Wali Kota)")
    CAMAT = "camat", _("Head of sub-district (Camat)")
    KADES = "kades", _("Village head (Kepala Desa/Lurah)")


class Guide(models.TextChoices):
    PKB = "pkb", _("PKB/PLKB field officer")
    CADRE = "cadre", _("Cadre")
    RT_RW = "rt_rw", _("RT/RW")
    VILLAGE_STAFF = "village_staff", _("Village staff")
    PKK = "pkk", _("PKK")
    LEADERS = "leaders", _("Community leaders")
    OFFICE = "office", _("Regency/city office")
    NONE = "none", _("Nobody")


class DataSource(models.TextChoices):
    PK = "pk", _("Family data collection (PK)")
    ROUTINE = "routine", _("Routine BKKBN data")
    PODES = "podes", _("Potensi Desa")
    SECTORAL = "sectoral", _("Sectoral data")
    OTHER = "other", _("Other")


class Funding(models.TextChoices):
    APBN = "apbn", _("APBN")
    APBD = "apbd", _("APBD")
    DANA_DESA = "dana_desa", _("Dana Desa")
    GRANT = "grant", _("Grant")
    CSR = "csr", _("Company CSR")
    SELF = "self", _("Self-funded")


class Frequency(models.TextChoices):
    NONE = "none", _("Not held")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMESTER = "semester", _("Twice a year")
    YEARLY = "yearly", _("Yearly")
    AD_HOC = "ad_hoc", _("When needed")


def _count(label):
    return models.PositiveIntegerField(label, default=0)


class ProfileQuerySet(VerifiableQuerySet):
    region_code_field = "kampung__region__code"


class Profile(Verifiable):
    """One month's profile of a Kampung KB (the period is the month's first day)."""

    Signer = Signer
    Guide = Guide
    DataSource = DataSource
    Funding = Funding
    Frequency = Frequency

    # The village operator enters it, the kab/kota coordinator verifies it (pokja.kernel.policy).
    entered_by_village_operator = True
    # The evidence file is the Pokja's SK, needed only when an SK is named.
    document_required = False
    document_label = _("Pokja SK (PDF)")
    # The JSON lists of codes, shown by their labels (pokja.kernel.history.list_labels).
    choice_lists = {"data_sources": DataSource, "funding_sources": Funding}

    kampung = models.ForeignKey(
        "kampungkb.KampungKB",
        verbose_name=_("Kampung KB"),
        on_delete=models.CASCADE,
        related_name="profiles",
    )
    period = models.DateField(_("month"))

    pokja_formed = models.BooleanField(_("Pokja Kampung KB formed"), default=False)
    pokja_sk_signer = models.CharField(
        _("SK signed by"), max_length=10, choices=Signer.choices, blank=True
    )
    pokja_trained = models.BooleanField(_("Pokja trained"), default=False)
    pokja_members = _count(_("Pokja members"))
    pokja_members_trained = _count(_("members trained"))
    guide = models.CharField(_("guided by"), max_length=15, choices=Guide.choices, default="none")
    regulation_signer = models.CharField(
        _("regulation in force, issued by"), max_length=10, choices=Signer.choices, blank=True
    )
    has_rkm = models.BooleanField(_("community work plan (RKM)"), default=False)
    rkm_document = models.FileField(
        _("RKM file (PDF)"),
        upload_to=rkm_upload_to,
        validators=[validate_pdf],
        blank=True,
        max_length=255,
    )
    rkm_document_name = models.CharField(
        _("RKM file name"), max_length=255, blank=True, editable=False
    )
    data_sources = models.JSONField(_("data sources used for planning"), default=list, blank=True)
    funding_sources = models.JSONField(_("funding sources"), default=list, blank=True)
    has_secretariat = models.BooleanField(_("Sekretariat"), default=False)
    has_rumah_dataku = models.BooleanField(_("Rumah DataKu"), default=False)

    bkb_active = models.BooleanField(_("BKB present"), default=False)
    bkb_members = _count(_("BKB members"))
    bkr_active = models.BooleanField(_("BKR present"), default=False)
    bkr_members = _count(_("BKR members"))
    bkl_active = models.BooleanField(_("BKL present"), default=False)
    bkl_members = _count(_("BKL members"))
    uppka_active = models.BooleanField(_("UPPKA present"), default=False)
    uppka_members = _count(_("UPPKA members"))
    pikr_active = models.BooleanField(_("PIK-R present"), default=False)
    pikr_members = _count(_("PIK-R members"))

    routine_planning = models.CharField(
        _("planning meeting"), max_length=10, choices=Frequency.choices, default="none"
    )
    routine_coordination = models.CharField(
        _("coordination with agencies"), max_length=10, choices=Frequency.choices, default="none"
    )
    routine_outreach = models.CharField(
        _("outreach"), max_length=10, choices=Frequency.choices, default="none"
    )
    routine_monitoring = models.CharField(
        _("monitoring and evaluation"), max_length=10, choices=Frequency.choices, default="none"
    )
    routine_reporting = models.CharField(
        _("reporting"), max_length=10, choices=Frequency.choices, default="none"
    )

    pus = _count(_("couples of reproductive age (PUS)"))
    families = _count(_("families"))
    teenagers = _count(_("teenagers"))
    families_with_toddler = _count(_("families with a toddler"))
    families_with_teenager = _count(_("families with a teenager"))
    families_with_elderly = _count(_("families with an elderly member"))

    kb_iud = _count(_("IUD"))
    kb_mow = _count(_("MOW (female sterilisation)"))
    kb_mop = _count(_("MOP (male sterilisation)"))
    kb_condom = _count(_("condom"))
    kb_implant = _count(_("implant"))
    kb_injection = _count(_("injection"))
    kb_pill = _count(_("pill"))

    not_kb_pregnant = _count(_("pregnant"))
    not_kb_wants_child_now = _count(_("wants a child now"))
    not_kb_wants_later = _count(_("wants a child later"))
    not_kb_wants_no_more = _count(_("wants no more children"))

    objects = ProfileQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kampung_id", "-period"]
        verbose_name = _("Kampung KB profile")
        verbose_name_plural = _("Kampung KB profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["kampung", "period"],
                name="kampungkb_one_profile_per_month",
                violation_error_message=_("This Kampung KB already has a profile for this month."),
            ),
        ]
        indexes = [
            models.Index(fields=["kampung", "status", "period"], name="kkb_profile_latest"),
            # "No profile for three months" on the dashboards: the Kampung KB with a submitted
            # or verified profile since a month, read from this narrow index alone rather than
            # by scanning every profile's sixty columns.
            models.Index(
                fields=["period", "kampung"],
                condition=~Q(status="draf"),
                name="kkb_profile_recent",
            ),
        ]

    def __str__(self) -> str:
        if not self.period:
            return str(self.kampung)
        return f"{self.kampung} {date_format(self.period, 'YEAR_MONTH_FORMAT')}"

    def plain_label(self) -> str:
        return date_format(self.period, "YEAR_MONTH_FORMAT") if self.period else ""

    @property
    def kb_users(self) -> int:
        return sum(getattr(self, f"kb_{m}") for m in KB_METHODS)

    @property
    def not_in_kb(self) -> int:
        return sum(getattr(self, f"not_kb_{r}") for r in NOT_IN_KB)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.period and self.period.day != 1:
            self.period = self.period.replace(day=1)
        for name, choices in (("data_sources", DataSource), ("funding_sources", Funding)):
            if set(getattr(self, name) or []) - set(choices.values):
                errors[name] = _("Unknown choice.")
        errors.update(self.figure_errors())
        if self.rkm_document and not self.has_rkm:
            errors["has_rkm"] = _("An RKM file is attached: tick 'community work plan (RKM)'.")
        if (
            self.pokja_sk_signer
            and self.status in self.STATUSES_NEEDING_DOCUMENT
            and not self.document
        ):
            errors["document"] = _("Attach the Pokja's SK (PDF) before submitting.")
        if errors:
            raise ValidationError(errors)

    def figure_errors(self) -> dict:
        """The figures that do not add up, in words a village operator understands."""
        errors = {}
        if self.pokja_members_trained > self.pokja_members:
            errors["pokja_members_trained"] = _(
                "Members trained (%(trained)s) cannot exceed the Pokja's members (%(members)s)."
            ) % {"trained": self.pokja_members_trained, "members": self.pokja_members}
        if (self.pokja_members or self.pokja_trained or self.pokja_sk_signer) and not (
            self.pokja_formed
        ):
            errors["pokja_formed"] = _(
                "Members, training or an SK need a formed Pokja: tick 'Pokja Kampung KB formed'."
            )
        if self.kb_users > self.pus:
            errors["pus"] = _(
                "KB users (%(users)s) cannot exceed the couples of reproductive age (%(pus)s)."
            ) % {"users": self.kb_users, "pus": self.pus}
        elif self.kb_users + self.not_in_kb > self.pus:
            errors["not_kb_wants_no_more"] = _(
                "KB users plus PUS not in KB (%(total)s) cannot exceed the PUS (%(pus)s)."
            ) % {"total": self.kb_users + self.not_in_kb, "pus": self.pus}
        for name in ("families_with_toddler", "families_with_teenager", "families_with_elderly"):
            if getattr(self, name) > self.families:
                errors[name] = _("This cannot exceed the number of families (%(families)s).") % {
                    "families": self.families
                }
        for poktan in POKTAN:
            members = getattr(self, f"{poktan}_members")
            target_field = POKTAN_TARGETS[poktan]
            target = getattr(self, target_field)
            if members and not getattr(self, f"{poktan}_active"):
                errors[f"{poktan}_active"] = _("Members are entered: tick that the group exists.")
            elif members > target:
                errors[f"{poktan}_members"] = _(
                    "Members (%(members)s) cannot exceed the group's target: %(target)s "
                    "(%(label)s)."
                ) % {
                    "members": members,
                    "target": target,
                    "label": self._meta.get_field(target_field).verbose_name,
                }
        return errors

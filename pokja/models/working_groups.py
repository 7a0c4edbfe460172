"""The Pokja Bangga Kencana of a region, its working groups (bidang) and its members."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pokja.kernel.scoping import ScopedQuerySet
from pokja.kernel.verification import Versioned
from pokja.validators import validate_plausible_date


class PokjaQuerySet(ScopedQuerySet):
    region_code_field = "region__code"


class Pokja(Versioned):
    """The cross-sector working group of one province or kabupaten/kota (at most one each)."""

    region = models.OneToOneField(
        "pokja.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="pokja"
    )
    name = models.CharField(_("name as used locally"), max_length=200)
    formed_on = models.DateField(
        _("formation date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    objects = PokjaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("Pokja Bangga Kencana")
        verbose_name_plural = _("Pokja Bangga Kencana")

    def __str__(self) -> str:
        return f"{self.name} ({self.region_id})"

    def get_absolute_url(self) -> str:
        return reverse("pokja:pokja_detail", kwargs={"code": self.region_id})


class PokjaChildQuerySet(ScopedQuerySet):
    region_code_field = "pokja__region__code"


class WorkingGroup(Versioned):
    """A constituent working group (bidang) of a Pokja: Advokasi, Kampung KB, GDPK, Stunting..."""

    class Kind(models.TextChoices):
        ADVOKASI = "advokasi", _("Advocacy (Advokasi)")
        KAMPUNG_KB = "kampung_kb", _("Kampung KB")
        GDPK = "gdpk", _("GDPK")
        STUNTING = "stunting", _("Stunting (TPPS)")
        LAINNYA = "lainnya", _("Other")

    pokja = models.ForeignKey(
        Pokja, verbose_name=_("Pokja"), on_delete=models.CASCADE, related_name="working_groups"
    )
    kind = models.CharField(_("working group"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name as used locally"), max_length=200)
    formed_on = models.DateField(
        _("formation date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = PokjaChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pokja_id", "kind", "name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        constraints = [
            models.UniqueConstraint(
                fields=["pokja", "name"],
                name="working_group_unique_name",
                violation_error_message=_("This Pokja already has a working group of that name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.pokja.get_absolute_url() + "#bidang"


class Member(Versioned):
    """A member (anggota) of the Pokja, or of one of its working groups."""

    class Position(models.TextChoices):
        KETUA = "ketua", _("Chair (ketua)")
        WAKIL = "wakil", _("Vice chair (wakil ketua)")
        SEKRETARIS = "sekretaris", _("Secretary (sekretaris)")
        ANGGOTA = "anggota", _("Member (anggota)")
        LAINNYA = "lainnya", _("Other")

    class Element(models.TextChoices):
        PEMERINTAH = "pemerintah", _("Government")
        NON_PEMERINTAH = "non_pemerintah", _("Non-government")

    class Category(models.TextChoices):
        OPD = "opd", _("Regional agency (OPD)")
        INSTANSI_VERTIKAL = "instansi_vertikal", _("Vertical agency")
        PEMERINTAH_LAINNYA = "pemerintah_lainnya", _("Other government")
        PERGURUAN_TINGGI = "perguruan_tinggi", _("University")
        ORGANISASI_KEAGAMAAN = "organisasi_keagamaan", _("Religious organisation")
        ORGANISASI_KEMASYARAKATAN = "organisasi_kemasyarakatan", _("Community organisation")
        PKK = "pkk", _("PKK")
        SWASTA = "swasta", _("Private sector")
        MEDIA = "media", _("Media")
        NON_PEMERINTAH_LAINNYA = "non_pemerintah_lainnya", _("Other non-government")

    GOVERNMENT_CATEGORIES = (
        Category.OPD,
        Category.INSTANSI_VERTIKAL,
        Category.PEMERINTAH_LAINNYA,
    )

    pokja = models.ForeignKey(
        Pokja, verbose_name=_("Pokja"), on_delete=models.CASCADE, related_name="members"
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("Empty for a member of the Pokja itself."),
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position in the group"), max_length=20, choices=Position.choices)
    institution = models.CharField(_("institution"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = PokjaChildQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pokja_id", "working_group_id", "position", "name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"

    def get_absolute_url(self) -> str:
        return self.pokja.get_absolute_url() + "#anggota"

    @property
    def element(self) -> str:
        """Government or not follows from the category, so it is never stored twice."""
        if self.category in self.GOVERNMENT_CATEGORIES:
            return self.Element.PEMERINTAH
        return self.Element.NON_PEMERINTAH

    def get_element_display(self) -> str:
        return self.Element(self.element).label

"""Portal accounts: every user has one role and, for regional roles, one scope region."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal account.

    - Admin: manages accounts in Django admin; sees and may change everything.
    - Staf Provinsi: one province; enters and verifies data of the province and its kab/kota.
    - Koordinator Kabupaten/Kota: one kab/kota; reads its dashboard, submits its own data.
    - Pimpinan/Pusat: reads everything, changes nothing.
    - Operator Kampung KB: one desa/kelurahan; enters its Kampung KB's profiles and activities.
    """

    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin")
        STAF_PROVINSI = "staf_provinsi", _("Provincial staff")
        KOORDINATOR = "koordinator", _("Regency/city coordinator")
        PUSAT = "pusat", _("Leadership/national")
        OPERATOR_KAMPUNG_KB = "operator_kkb", _("Kampung KB operator")

    NATIONAL_ROLES = (Role.ADMIN, Role.PUSAT)

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "pokja.Region",
        verbose_name=_("scope region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_(
            "Provincial staff: their province. Coordinators: their regency/city. "
            "Kampung KB operators: their village. Admin and national users: empty."
        ),
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = PortalUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "pusat"], region__isnull=True)
                | models.Q(
                    role__in=["staf_provinsi", "koordinator", "operator_kkb"],
                    region__isnull=False,
                ),
                name="user_region_matches_role",
                violation_error_message=_(
                    "Provincial staff, coordinators and operators need a scope region; "
                    "admin and national users have none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        region = self.region if self.region_id else None
        if self.role in self.NATIONAL_ROLES and region:
            raise ValidationError(
                {"region": _("Admin and national users see every region: leave the region empty.")}
            )
        if self.role == self.Role.STAF_PROVINSI and not (region and region.is_province):
            raise ValidationError(
                {"region": _("Provincial staff need a province as their region.")}
            )
        if self.role == self.Role.KOORDINATOR and not (region and region.is_kabupaten_kota):
            raise ValidationError(
                {"region": _("A regency/city coordinator needs a regency or city as their region.")}
            )
        village = bool(region and region.is_village)
        if self.role == self.Role.OPERATOR_KAMPUNG_KB and not village:
            raise ValidationError(
                {"region": _("A Kampung KB operator needs a village (desa/kelurahan) as region.")}
            )

    def save(self, *args, **kwargs):
        # Only admins may enter Django admin; the role decides, so nobody grants it by accident.
        self.is_staff = self.role == self.Role.ADMIN
        self.is_superuser = self.role == self.Role.ADMIN
        super().save(*args, **kwargs)

    @property
    def has_national_scope(self) -> bool:
        return self.role in self.NATIONAL_ROLES

    @property
    def can_change_data(self) -> bool:
        return self.role != self.Role.PUSAT

    @property
    def is_provincial_staff(self) -> bool:
        return self.role == self.Role.STAF_PROVINSI

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.KOORDINATOR

    @property
    def is_village_operator(self) -> bool:
        return self.role == self.Role.OPERATOR_KAMPUNG_KB

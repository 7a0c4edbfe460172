"""The Kampung KB's own files: the RKM (a PDF) of a profile and the Kampung KB's photo (a JPEG
or PNG). Both are checked by content like every evidence file (pokja.kernel.uploads) and narrowed to
their one kind, stored privately under the village's folder and served only by the scoped
views of kampungkb.views.files."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pokja.kernel.uploads import detected_mime, stored_file_name, validate_evidence_file

PDF = "application/pdf"
IMAGES = ("image/jpeg", "image/png")


def validate_pdf(file) -> None:
    validate_evidence_file(file)
    if detected_mime(file) != PDF:
        raise ValidationError(
            _("Only a PDF is accepted here, and this file is not one (whatever its name)."),
            code="file_type",
        )


def validate_image(file) -> None:
    """A JPEG or PNG, decoded in full by validate_evidence_file (pokja.kernel.images)."""
    validate_evidence_file(file)
    if detected_mime(file) not in IMAGES:
        raise ValidationError(
            _("Only a JPEG or PNG photo is accepted here, and this file is neither."),
            code="file_type",
        )


def photo_upload_to(instance, filename: str) -> str:
    return stored_file_name(instance.photo.file, instance.region_id, "kampungkb")


def rkm_upload_to(instance, filename: str) -> str:
    return stored_file_name(instance.rkm_document.file, instance.kampung.region_id, "kampungkb-rkm")

"""Uploaded images (a Kampung KB's photo, a JPEG or PNG evidence document): decoded for real,
refused when malformed or too large, and stored re-encoded.

Checking the magic bytes alone let through a 33-byte PNG header claiming 65000 x 65000 pixels and
a 389 KB PNG of 20000 x 20000 (400 megapixels), served inline: every browser that showed it had to
decode 1.6 GB. Re-encoding also drops what a camera writes beside the pixels (EXIF, with the GPS
position of a village house; XMP; PNG text chunks).

The limits:
- MAX_PIXELS, 40 megapixels: a phone's photo is 12 to 24 megapixels (50-megapixel sensors save
  12-megapixel photos unless told otherwise), a flatbed scan of an A4 page at 600 dpi is 35
  megapixels. Decoding 40 megapixels takes 120 MB (RGB) to 160 MB (RGBA) in the web worker,
  which it can afford once per request; Pillow's own default (89 megapixels, 360 MB) it cannot.
- MAX_SIDE, 10000 px a side: refuses a degenerate shape (1 x 40,000,000 fits the pixel limit).
- STORED_MAX_SIDE, 2560 px: what is kept. A photo on a page is 280 px wide and a screen at most
  2560; a scanned A4 page at 2560 px is about 220 dpi, still legible. Viewers never decode more.
"""

from __future__ import annotations

import contextlib
import warnings
from io import BytesIO
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_PIXELS = 40_000_000
MAX_SIDE = 10_000
STORED_MAX_SIDE = 2560
JPEG_QUALITY = 85

# The accepted types by content, with Pillow's name for each; an image is stored in its own type
# (a PNG scan keeps its sharp text, a JPEG photo its small size).
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png"}

# The stored name of a re-encoded image starts with this, so a page shows inline only what was
# re-encoded (an image stored before images were re-encoded keeps its bare random name).
REENCODED_PREFIX = "img-"


class ReencodedImage(ContentFile):
    """The re-encoded image that is stored in place of the uploaded one."""


def _too_large() -> ValidationError:
    return ValidationError(
        _(
            "This image is too large: the largest accepted is %(megapixels)s megapixels and "
            "%(side)s pixels a side. Make it smaller and upload it again."
        )
        % {"megapixels": MAX_PIXELS // 1_000_000, "side": MAX_SIDE},
        code="image_too_large",
    )


def _malformed() -> ValidationError:
    return ValidationError(
        _("This image cannot be read: the file is damaged or incomplete. Upload it again."),
        code="image_malformed",
    )


def _read(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _decode(data: bytes) -> tuple[Image.Image, str]:
    """The fully decoded image, upright, and its type. Raises ValidationError, never a Pillow
    error."""
    # Pillow's decompression-bomb guard reads this global when an image is opened: at our limit
    # it warns above MAX_PIXELS (made an error below) and refuses above twice that by itself.
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:  # reads the header only
                width, height = probe.size
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    raise _too_large()
                if probe.format not in EXTENSIONS:
                    raise _malformed()
                format_ = probe.format
                probe.verify()  # the structure (PNG chunks and their checksums)
            # verify() leaves the image unusable: open it again and decode every pixel, which
            # is where a truncated JPEG fails
            image = Image.open(BytesIO(data))
            image.load()
            return ImageOps.exif_transpose(image), format_
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - hostile input fails in a decoder in many ways
        raise _malformed() from None


def reencoded_image(file) -> ReencodedImage:
    """The uploaded JPEG or PNG, checked, upright, at most STORED_MAX_SIDE a side, without
    metadata, in its own type. Raises ValidationError (shown on the form) when it is malformed or
    larger than the limits."""
    source = getattr(file, "file", None) or file
    cached = getattr(source, "_reencoded_image", None)
    if cached is not None:  # the validator decoded it already; saving stores that result
        return cached
    data = _read(file)
    image, format_ = _decode(data)
    image.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    out = BytesIO()
    # No exif=, no pnginfo=: Pillow writes neither EXIF nor text chunks unless given them. The
    # colour profile is not personal and keeps the colours right, so it stays.
    options = {"icc_profile": image.info.get("icc_profile")}
    if format_ == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        options.update(quality=JPEG_QUALITY, optimize=True)
    image.save(out, format_, **{k: v for k, v in options.items() if v is not None})
    result = ReencodedImage(out.getvalue(), name=f"image{EXTENSIONS[format_]}")
    # an object without a __dict__ keeps no cache: it is decoded again on save
    with contextlib.suppress(AttributeError):
        source._reencoded_image = result
    return result


def is_reencoded(name: str) -> bool:
    return PurePath(name or "").name.startswith(REENCODED_PREFIX)

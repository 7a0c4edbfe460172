"""Images for the upload tests, built with Pillow (and one hand-made header): one copy each."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

from PIL import ExifTags, Image


def jpeg(size=(64, 48), colour=(40, 120, 200), **save_options) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", **save_options)
    return out.getvalue()


def png(size=(64, 48), mode="RGB", colour=(40, 120, 200)) -> bytes:
    out = BytesIO()
    Image.new(mode, size, colour if mode == "RGB" else 0).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_header_only(width=65_000, height=65_000) -> bytes:
    """The 33 bytes of a PNG signature and IHDR chunk claiming width x height, nothing else."""
    return b"\x89PNG\r\n\x1a\n" + _chunk(
        b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    )


def pixel_bomb_png() -> bytes:
    """A valid PNG of 20000 x 20000 black-and-white pixels (400 megapixels): about 50 KB on disk,
    1.6 GB once a browser decodes it. Written row by row with zlib: Pillow takes 7 s to encode
    it, this 0.4 s (Pillow reads it back as 20000 x 20000, see test_images)."""
    side = 20_000
    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + side // 8)  # filter byte, then one bit a pixel
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    """A real photo-sized JPEG cut in the middle of its pixel data."""
    out = BytesIO()
    Image.effect_noise((400, 300), 64).convert("RGB").save(out, "JPEG", quality=90)
    data = out.getvalue()
    return data[: len(data) // 2]


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF says where it was taken (a house in Banjarmasin) and by which camera."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraDesa"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "S",
        ExifTags.GPS.GPSLatitude: (3.0, 19.0, 44.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (114.0, 35.0, 26.0),
    }
    return jpeg(exif=exif)


def jpeg_lying_on_its_side() -> bytes:
    """80 x 40 pixels, red on the left, blue on the right, with EXIF orientation 6: a viewer
    turns it 90 degrees clockwise, so upright it is 40 x 80 with red at the top."""
    image = Image.new("RGB", (80, 40), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    out = BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()

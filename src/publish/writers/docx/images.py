"""Pictures: the kinds Word takes, and each picture's size, as the input gave it or as its pixels say."""

from __future__ import annotations

import struct

from ...model import Image

IMAGE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/bmp": "bmp",
                    "image/tiff": "tiff", "image/x-emf": "emf", "image/x-wmf": "wmf", "image/svg+xml": "svg"}
EMU_PER_TWIP = 635
MAX_IMAGE_PITCHES = 16  # a picture is scaled down to at most this many body lines tall


def image_size(image: Image) -> tuple[int, int, bool]:
    """The picture's size in EMU and whether it was known: as the input gave it, else from its pixels at
    96 dpi, else 4:3."""
    if image.width_emu and image.height_emu and image.width_emu > 0 and image.height_emu > 0:
        return image.width_emu, image.height_emu, True
    pixels = _pixel_size(image.data)
    if pixels:
        return pixels[0] * 9525, pixels[1] * 9525, True
    return 4 * 914400, 3 * 914400, False


def _pixel_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return (width, height) if width and height else None
    if data[:2] == b"\xff\xd8":
        index = 2
        while index + 9 < len(data):
            if data[index] != 0xFF:
                return None
            marker = data[index + 1]
            length = struct.unpack(">H", data[index + 2:index + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[index + 5:index + 9])
                return (width, height) if width and height else None
            index += 2 + length
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return (width, height) if width and height else None
    return None

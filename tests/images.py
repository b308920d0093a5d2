"""Images for tests, made by Pillow on the spot: photos with EXIF/GPS, bombs, truncated files, polyglots."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable

from PIL import Image

from chat import Attachment

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo(width: int = 640, height: int = 480, colour: tuple[int, int, int] = (200, 40, 40), fmt: str = "JPEG",
          *, orientation: int | None = None, gps: bool = False, **save: object) -> bytes:
    """A two-tone picture (left half `colour`, right half blue) so rotation is visible in the output."""
    im = Image.new("RGB", (width, height), colour)
    im.paste((30, 60, 220), (width // 2, 0, width, height))
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if gps:
        exif[0x010F] = "PhoneMaker"
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (59.0, 20.0, 15.5), 3: "E", 4: (18.0, 4.0, 7.25)})
    out = io.BytesIO()
    if len(exif):
        save["exif"] = exif.tobytes()
    im.save(out, fmt, **save)  # type: ignore[arg-type]
    return out.getvalue()


def png_bomb(side: int = 40_000, height: int | None = None) -> bytes:
    """A tiny PNG whose header claims side×side (or side×height) pixels: a decompression bomb."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, height or side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    row = b"\0" + b"\0" * side
    body = zlib.compress(row * 16, 9)  # a few rows are enough: the header is what's checked
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def attachment(data: bytes, filename: str = "photo.jpg", mime: str = "image/jpeg",
               size: int | None = None) -> Attachment:
    async def fetch() -> bytes:
        return data

    return Attachment("photo", fetch, filename, mime, len(data) if size is None else size)


def never_fetched(size: int, filename: str = "huge.jpg") -> tuple[Attachment, list[int]]:
    """An attachment announcing `size` bytes whose download must never start; the list counts attempts."""
    calls: list[int] = []

    async def fetch() -> bytes:
        calls.append(1)
        return b"\0" * 16

    fetcher: Callable[[], Awaitable[bytes]] = fetch
    return Attachment("photo", fetcher, filename, "image/jpeg", size), calls

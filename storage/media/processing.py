"""The Pillow pipeline: verify by decoding, orient, strip, derive sizes — pure CPU, no I/O.

Every step is chosen so nothing of the upload but its pixels survives: the image is decoded,
rotated by its EXIF orientation, flattened to RGB and re-encoded from scratch, so EXIF (GPS
included), XMP, ICC profiles, comments and any bytes appended to the file (polyglots) are gone.
JPEGs are decoded at reduced scale with `draft()`: a 12 MP photo is never decoded at full size
just to be shrunk to 1,280 px.
"""

from __future__ import annotations

import base64
import io
import math
import re
from dataclasses import dataclass, field

from PIL import Image, ImageOps

from core.errors import Invalid, LimitExceeded

FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
SIZES = (1280, 320)  # long edge in pixels; largest first, each derived from the one before
PLACEHOLDER_EDGE = 8
_PIXELS = re.compile(r"\((\d+) pixels\)")


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 16 * 1024 * 1024
    max_pixels: int = 33_000_000
    max_frames: int = 1_000
    webp_quality: int = 80
    jpeg_quality: int = 82


@dataclass(frozen=True)
class Processed:
    """Encoded renditions by variant name (`1280.webp`, `1280.jpg`, `320.webp`, `320.jpg`)."""

    width: int
    height: int
    placeholder: str
    renditions: dict[str, bytes] = field(default_factory=dict)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise LimitExceeded(f"That file is {_mb(size)}; a photo can be at most {_mb(limits.max_bytes)}. "
                            "Send a smaller copy (most phones can share a reduced size).")


def _too_many_pixels(pixels: int, limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"That image has {pixels / 1e6:,.0f} megapixels; the limit is "
                         f"{limits.max_pixels / 1e6:.0f}. Send a smaller copy.")


def _bomb(exc: Exception, limits: Limits) -> LimitExceeded:
    """Pillow's guard says "Image size (N pixels) exceeds limit…": the same reply as our own check."""
    found = _PIXELS.search(str(exc))
    return _too_many_pixels(int(found.group(1)) if found else limits.max_pixels + 1, limits)


def _open(data: bytes, limits: Limits) -> Image.Image:
    """Open by content (never by name or extension), checking the header's size before any decoding."""
    try:
        im = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:  # the warning: as an error
        raise _bomb(exc, limits) from None
    except Exception:  # UnidentifiedImageError, or a parser choking on a crafted header
        raise Invalid("That file isn't a photo I can read. Send a JPEG, PNG, WebP or GIF image.") from None
    w, h = im.size
    if w * h > limits.max_pixels:
        im.close()
        raise _too_many_pixels(w * h, limits)
    if w < 1 or h < 1:
        im.close()
        raise Invalid("That image has no pixels. Send a real photo.")
    # WebP demuxes every frame header when opened, so its count is free. Pillow counts GIF frames
    # by seeking through all of them; walking the block structure stops as soon as the limit is passed.
    if im.format == "WEBP" and getattr(im, "n_frames", 1) > limits.max_frames:
        frames = im.n_frames
        im.close()
        raise _too_many_frames(f"{frames:,}", limits)
    if im.format == "GIF" and gif_frames(data, stop=limits.max_frames) > limits.max_frames:
        im.close()
        raise _too_many_frames(f"more than {limits.max_frames:,}", limits)
    return im


def _too_many_frames(count: str, limits: Limits) -> LimitExceeded:
    return LimitExceeded(f"That animation has {count} frames; albums keep still photos "
                         f"(at most {limits.max_frames:,} frames, of which the first is kept). "
                         "Send one still picture instead.")


def _color_table(packed: int) -> int:
    """Bytes of the colour table a GIF descriptor's packed byte announces (0 when it has none)."""
    return 3 << ((packed & 0x07) + 1) if packed & 0x80 else 0


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    """The position after a chain of GIF data sub-blocks (each a length byte, ended by a 0)."""
    while pos < len(data):
        size = data[pos]
        pos += 1 + size
        if size == 0:
            return pos
    return len(data)


def gif_frames(data: bytes, stop: int) -> int:
    """Count a GIF's frames (image descriptors) from its block structure without decoding any,
    giving up once past `stop`. A malformed tail ends the count; Pillow's decode judges the rest."""
    if len(data) < 13 or not data.startswith((b"GIF87a", b"GIF89a")):
        return 0
    pos, frames = 13 + _color_table(data[10]), 0
    while pos < len(data) and frames <= stop:
        block = data[pos]
        if block == 0x21:  # extension: a label, then sub-blocks
            pos = _skip_sub_blocks(data, pos + 2)
        elif block == 0x2C and pos + 10 <= len(data):  # image descriptor, local colour table, LZW size, data
            frames += 1
            pos = _skip_sub_blocks(data, pos + 10 + _color_table(data[pos + 9]) + 1)
        else:  # the trailer (0x3B) or garbage
            break
    return frames


def _draft_size(w: int, h: int, edge: int) -> tuple[int, int]:
    """The smallest size whose long edge still reaches `edge` (draft keeps at least this much)."""
    scale = min(1.0, edge / max(w, h))
    return max(1, math.ceil(w * scale)), max(1, math.ceil(h * scale))


def _flatten(im: Image.Image) -> Image.Image:
    """RGB for every output: transparency over white, palettes and greyscale expanded."""
    if im.mode == "RGB":
        return im
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return im.convert("RGB")


def _encode(im: Image.Image, fmt: str, limits: Limits) -> bytes:
    out = io.BytesIO()
    # No exif=, icc_profile= or comment=: nothing from the upload's metadata is written back.
    if fmt == "webp":
        im.save(out, "WEBP", quality=limits.webp_quality, method=4)
    else:
        im.save(out, "JPEG", quality=limits.jpeg_quality, optimize=False, progressive=True)
    return out.getvalue()


def _placeholder(im: Image.Image) -> str:
    """A tiny PNG as a data: URI, shown blurred while the real thumbnail loads (the CSP allows data:)."""
    w, h = im.size
    scale = PLACEHOLDER_EDGE / max(w, h)
    tiny = im.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.BOX)
    out = io.BytesIO()
    tiny.save(out, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def process(data: bytes, limits: Limits = Limits()) -> Processed:
    """Verify, orient, strip and derive every rendition; raises Invalid/LimitExceeded with a clear message."""
    check_size(len(data), limits)
    im = _open(data, limits)
    w, h = im.size
    try:
        if im.format == "JPEG":
            im.draft("RGB", _draft_size(w, h, SIZES[0]))
        im.load()  # the real decode: truncated or corrupt data fails here
    except Image.DecompressionBombError as exc:
        im.close()
        raise _bomb(exc, limits) from None
    except Exception:
        im.close()
        raise Invalid("That photo is damaged or cut off (maybe the upload didn't finish). "
                      "Send it again.") from None
    try:
        ImageOps.exif_transpose(im, in_place=True)
    except Exception:  # noqa: BLE001 — a mangled orientation tag is no reason to refuse the pixels
        pass
    current = _flatten(im)
    current.info.clear()
    renditions: dict[str, bytes] = {}
    width, height = current.size
    for edge in SIZES:
        if max(current.size) > edge:
            current.thumbnail((edge, edge), Image.Resampling.BICUBIC, reducing_gap=2.0)
        if edge == SIZES[0]:
            width, height = current.size
        renditions[f"{edge}.webp"] = _encode(current, "webp", limits)
        renditions[f"{edge}.jpg"] = _encode(current, "jpeg", limits)
    return Processed(width, height, _placeholder(current), renditions)

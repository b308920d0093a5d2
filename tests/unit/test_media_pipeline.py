"""The Pillow pipeline on images Pillow makes here: what survives (pixels) and what never does (metadata)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from core.errors import Invalid, LimitExceeded
from storage.media import Limits, configure_pillow, process
from storage.media.processing import gif_frames
from tests.images import photo, png_bomb

NOT_AN_IMAGE = "That file isn't a photo I can read. Send a JPEG, PNG, WebP or GIF image."
DAMAGED = "That photo is damaged or cut off (maybe the upload didn't finish). Send it again."


@pytest.fixture(autouse=True)
def pillow_guard() -> None:
    configure_pillow(Limits())


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_gps_and_every_other_exif_field_are_gone_from_every_size() -> None:
    done = process(photo(2000, 1500, gps=True, orientation=1))
    assert sorted(done.renditions) == ["1280.jpg", "1280.webp", "320.jpg", "320.webp"]
    for name, data in done.renditions.items():
        im = _open(data)
        assert dict(im.getexif()) == {}, name
        assert "exif" not in im.info and "icc_profile" not in im.info and "xmp" not in im.info, name
        assert b"PhoneMaker" not in data, name


def test_exif_orientation_is_applied_before_the_tag_is_dropped() -> None:
    # Orientation 6: the camera was turned; the stored 640×480 picture is shown 480×640, its
    # left (red) half on top.
    done = process(photo(640, 480, orientation=6))
    im = _open(done.renditions["1280.jpg"]).convert("RGB")
    assert im.size == (480, 640) and (done.width, done.height) == (480, 640)
    red, _, blue = im.getpixel((240, 20))
    assert red > 150 and blue < 100


def test_sizes_keep_the_aspect_ratio_and_never_upscale() -> None:
    big = process(photo(4000, 3000))
    assert _open(big.renditions["1280.webp"]).size == (1280, 960)
    assert _open(big.renditions["320.jpg"]).size == (320, 240)
    small = process(photo(200, 100, fmt="PNG"))
    assert _open(small.renditions["1280.jpg"]).size == (200, 100)
    assert _open(small.renditions["320.webp"]).size == (200, 100)


def test_jpegs_are_decoded_at_reduced_scale_with_draft() -> None:
    # A 4000×3000 JPEG drafted for 1,280 px decodes at 1/2 scale; the result is the same size.
    im = _open(photo(4000, 3000))
    im.draft("RGB", (1280, 960))
    assert im.size == (2000, 1500)


def test_the_placeholder_is_a_tiny_png_data_uri() -> None:
    done = process(photo(1600, 1200))
    assert done.placeholder.startswith("data:image/png;base64,") and len(done.placeholder) < 400


def test_a_gif_keeps_its_first_frame_and_transparency_becomes_white() -> None:
    frames = [Image.new("RGB", (60, 40), c) for c in ((220, 0, 0), (0, 220, 0), (0, 0, 220))]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=50)
    r, g, b = _open(process(out.getvalue()).renditions["1280.jpg"]).convert("RGB").getpixel((30, 20))
    assert r > 180 and g < 60 and b < 60
    clear = io.BytesIO()
    Image.new("RGBA", (30, 30), (0, 0, 0, 0)).save(clear, "PNG")
    assert _open(process(clear.getvalue()).renditions["320.jpg"]).convert("RGB").getpixel((15, 15)) >= (250, 250, 250)


def test_a_polyglot_keeps_only_its_pixels() -> None:
    payload = b"<html><script>alert(1)</script></html>PK\x03\x04zip-payload"
    done = process(photo(300, 200) + payload)
    assert all(b"script" not in data and b"zip-payload" not in data for data in done.renditions.values())


def test_a_renamed_executable_is_not_an_image() -> None:
    with pytest.raises(Invalid) as err:
        process(b"\x7fELF\x02\x01\x01\x00" + bytes(500))
    assert err.value.message == NOT_AN_IMAGE
    with pytest.raises(Invalid):
        process(b"MZ\x90\x00" + bytes(500))


def test_formats_outside_the_four_are_refused_even_when_pillow_reads_them() -> None:
    bmp = io.BytesIO()
    Image.new("RGB", (10, 10)).save(bmp, "BMP")
    with pytest.raises(Invalid) as err:
        process(bmp.getvalue())
    assert err.value.message == NOT_AN_IMAGE


def test_a_truncated_jpeg_is_refused_as_damaged() -> None:
    data = photo(800, 600, quality=95)
    with pytest.raises(Invalid) as err:
        process(data[: len(data) // 2])
    assert err.value.message == DAMAGED


def test_a_decompression_bomb_png_is_refused_from_its_header() -> None:
    bomb = png_bomb(40_000)
    assert len(bomb) < 5_000
    with pytest.raises(LimitExceeded) as err:
        process(bomb)
    assert err.value.message == "That image has 1,600 megapixels; the limit is 33. Send a smaller copy."


def test_a_40_megapixel_image_is_over_the_limit() -> None:
    with pytest.raises(LimitExceeded) as err:
        process(png_bomb(8000, 5000))
    assert err.value.message == "That image has 40 megapixels; the limit is 33. Send a smaller copy."


def test_a_file_over_16_mb_is_refused_before_decoding() -> None:
    with pytest.raises(LimitExceeded) as err:
        process(b"\xff\xd8" + bytes(16 * 1024 * 1024))
    assert err.value.message.startswith("That file is 16.0 MB; a photo can be at most 16.0 MB.")


def test_an_animated_webp_with_ten_thousand_frames_is_refused() -> None:
    frames = [Image.new("RGB", (1, 1), (n % 256, 0, 0)) for n in range(10_000)]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=1, lossless=True)
    with pytest.raises(LimitExceeded) as err:
        process(out.getvalue())
    assert err.value.message.startswith("That animation has 10,000 frames")


def _animated_gif(frames: int) -> bytes:
    """A tiny GIF of `frames` distinct frames, each with its own colour table (so none is merged)."""
    images = [Image.new("P", (2, 2), 0) for _ in range(frames)]
    for n, im in enumerate(images):
        im.putpalette([n % 256, n // 256, 7] * 256)
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=20, optimize=False)
    return out.getvalue()


def test_a_gif_of_more_than_a_thousand_frames_is_refused() -> None:
    with pytest.raises(LimitExceeded) as err:
        process(_animated_gif(1_001))
    assert err.value.message == (
        "That animation has more than 1,000 frames; albums keep still photos (at most 1,000 frames, "
        "of which the first is kept). Send one still picture instead.")


def test_a_gif_of_a_thousand_frames_keeps_its_first_frame() -> None:
    done = process(_animated_gif(1_000))
    assert (done.width, done.height) == (2, 2)


def test_gif_frames_are_counted_from_the_blocks_and_the_count_stops_past_the_limit() -> None:
    data = _animated_gif(40)
    assert gif_frames(data, stop=100) == _open(data).n_frames == 40
    assert gif_frames(data, stop=5) == 6  # stops walking as soon as the answer is known
    assert gif_frames(data[:-30], stop=100) <= 40  # a cut-off file ends the count, never raises
    assert gif_frames(photo(fmt="PNG"), stop=5) == 0


def test_a_short_animated_webp_keeps_its_first_frame() -> None:
    frames = [Image.new("RGB", (20, 20), c) for c in ((0, 0, 230), (230, 0, 0))]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=40, lossless=True)
    r, _, b = _open(process(out.getvalue()).renditions["320.jpg"]).convert("RGB").getpixel((10, 10))
    assert b > 180 and r < 60


def test_exif_with_huge_fields_is_dropped_and_the_photo_kept() -> None:
    exif = Image.Exif()
    exif[0x010E] = "x" * 60_000  # ImageDescription filling most of the 64 KB APP1 segment
    exif[0x0112] = 99  # an orientation no camera writes
    out = io.BytesIO()
    Image.new("RGB", (50, 40), (10, 200, 10)).save(out, "JPEG", exif=exif.tobytes())
    done = process(out.getvalue())
    assert (done.width, done.height) == (50, 40)
    assert all(b"xxxxxxxx" not in data for data in done.renditions.values())

"""Photo pipeline: a generated 12 MP JPEG through the whole pipeline vs bare Pillow, bombs, a 20-photo batch.

Prints, in one run:
- ms per photo through MediaService (verify, draft decode, EXIF orientation, strip, 1,280 and 320 px
  as WebP + JPEG, placeholder, SHA-256, content-addressed writes), and a bare Pillow
  `draft()` + `thumbnail()` + `save()` of the same photo to the same four outputs, and the ratio;
- the time to refuse a decompression-bomb PNG;
- the worst event-loop lag while a 20-photo batch is processed, and the peak RSS.

    .venv/bin/python bench/media.py [--runs 10]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import _util  # noqa: F401  (puts the repo on sys.path)
from _util import peak_rss_mb
from PIL import Image, ImageDraw

from core.errors import LimitExceeded
from storage.media import Limits, MediaService, configure_pillow, process
from storage.media.processing import SIZES
from tests.images import png_bomb

LIMITS = Limits()


def twelve_mp_jpeg() -> bytes:
    """4,000×3,000 with gradients, shapes and sensor-like noise: compresses like a phone photo."""
    w, h = 4000, 3000
    red = Image.linear_gradient("L").resize((w, h))
    green = Image.radial_gradient("L").resize((w, h))
    blue = Image.linear_gradient("L").rotate(90).resize((w, h))
    im = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(im)
    for n in range(60):
        x, y = (n * 397) % w, (n * 211) % h
        draw.ellipse((x, y, x + 300, y + 200), fill=((n * 40) % 256, (n * 90) % 256, (n * 10) % 256))
    noise = Image.effect_noise((w, h), 24).convert("RGB")
    im = Image.blend(im, noise, 0.15)
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 1
    im.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def bare(data: bytes) -> int:
    """What Pillow alone does for the same four outputs: no checks, no hashing, no files."""
    total = 0
    with Image.open(io.BytesIO(data)) as im:
        im.draft("RGB", (SIZES[0], SIZES[0]))
        im.thumbnail((SIZES[0], SIZES[0]))
        for edge in SIZES:
            im.thumbnail((edge, edge))
            for fmt, kw in (("WEBP", {"quality": LIMITS.webp_quality, "method": 4}),
                            ("JPEG", {"quality": LIMITS.jpeg_quality, "progressive": True})):
                out = io.BytesIO()
                im.save(out, fmt, **kw)
                total += out.tell()
    return total


def timed(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


async def batch(data: bytes, count: int, root: Path) -> tuple[float, float, float]:
    """`count` photos at once through the service; returns (seconds, worst loop lag, mean lag)."""
    service = MediaService(root)
    lags: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        loop = asyncio.get_running_loop()
        while not done.is_set():
            before = loop.time()
            await asyncio.sleep(0.005)
            lags.append(loop.time() - before - 0.005)

    tick = asyncio.create_task(ticker())
    start = time.perf_counter()
    await asyncio.gather(*(service.ingest(data) for _ in range(count)))
    elapsed = time.perf_counter() - start
    done.set()
    await tick
    service.close()
    return elapsed, max(lags), statistics.mean(lags)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=20)
    args = parser.parse_args()
    configure_pillow(LIMITS)
    # Drawn in a child process, so the peak RSS printed below is the pipeline's, not the drawing's.
    with concurrent.futures.ProcessPoolExecutor(1) as child:
        data = child.submit(twelve_mp_jpeg).result()
    print(f"input: 4000×3000 JPEG, {len(data) / 2**20:.1f} MB; peak RSS before any processing {peak_rss_mb():.0f} MB")

    work = Path(tempfile.mkdtemp(prefix="oz-bench-media-"))
    try:
        service = MediaService(work / "one", workers=1)

        def pipeline() -> None:
            service._ingest(data)  # the same work ingest() hands to the pool, timed without the hop
            shutil.rmtree(work / "one", ignore_errors=True)  # every run writes its files anew

        pipeline()
        bare(data)  # warm both paths
        ours, theirs = timed(pipeline, args.runs), timed(lambda: bare(data), args.runs)
        print(f"pipeline (verify, draft, orient, strip, 2 sizes × WebP+JPEG, placeholder, hash, write): "
              f"{ours * 1000:.1f} ms/photo")
        print(f"bare Pillow draft()+thumbnail()+save() to the same 4 outputs:                        "
              f"{theirs * 1000:.1f} ms/photo")
        print(f"ratio: {ours / theirs:.2f}× (target ≤ 1.3×)")
        service.close()

        bomb = png_bomb(40_000)

        def reject() -> None:
            try:
                process(bomb, LIMITS)
            except LimitExceeded:
                return
            raise AssertionError("bomb accepted")

        print(f"bomb PNG (40,000×40,000 claimed, {len(bomb)} bytes) refused in "
              f"{timed(reject, 200) * 1000:.3f} ms (target < 1 ms)")

        elapsed, worst, mean = asyncio.run(batch(data, args.batch, work / "batch"))
        print(f"{args.batch}-photo batch: {elapsed:.2f} s ({elapsed / args.batch * 1000:.0f} ms/photo over "
              f"{MediaService(work / 'x').workers} worker threads); event-loop lag worst {worst * 1000:.1f} ms, "
              f"mean {mean * 1000:.2f} ms")
        print(f"peak RSS: {peak_rss_mb():.0f} MB (target < 400 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

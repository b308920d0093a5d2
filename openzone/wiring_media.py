"""Builds the media pipeline (albums' photos) from [media] settings: files on disk or in an S3 bucket."""

from __future__ import annotations

from openzone.config import Settings
from openzone.settings import ConfigError
from storage.media import Limits, MediaService, MediaStore


def _store(settings: Settings) -> MediaStore | None:
    """The bucket for store = "s3"; None for local disk (the service opens settings.media_dir)."""
    m = settings.media
    if m.store != "s3":
        return None
    from storage.media.s3 import S3Config, S3Store  # botocore loads only where a bucket is configured

    return S3Store(S3Config(bucket=m.s3_bucket, endpoint_url=m.s3_endpoint, region=m.s3_region,
                            access_key=m.s3_access_key, secret_key=m.s3_secret_key))


def build_media(settings: Settings) -> MediaService:
    m = settings.media
    limits = Limits(max_bytes=m.max_mb * 1024 * 1024, max_pixels=m.max_megapixels * 1_000_000)
    store = _store(settings)
    return MediaService(settings.media_dir if store is None else store, limits=limits,
                        keep_originals=m.keep_originals, workers=m.workers or None)


async def open_media(settings: Settings) -> MediaService:
    """`build_media`, and for a bucket a first request: a wrong endpoint, bucket or key stops start-up."""
    media = build_media(settings)
    if settings.media.store != "s3":
        return media
    from storage.media.s3 import BucketUnreachable, S3Store

    assert isinstance(media.store, S3Store)
    try:
        await media.store.check()
    except BucketUnreachable as exc:
        await media.aclose()
        m = settings.media
        where = f"{m.s3_bucket} at {m.s3_endpoint or 'AWS S3'}"
        raise ConfigError("media.s3_bucket", where, f"a bucket these keys can reach ({exc})") from None
    return media


__all__ = ["build_media", "open_media"]

"""Builds the media pipeline (albums' photos) from [media] settings."""

from __future__ import annotations

from openzone.config import Settings
from storage.media import Limits, MediaService


def build_media(settings: Settings) -> MediaService:
    m = settings.media
    limits = Limits(max_bytes=m.max_mb * 1024 * 1024, max_pixels=m.max_megapixels * 1_000_000)
    return MediaService(settings.media_dir, limits=limits, keep_originals=m.keep_originals, workers=m.workers or None)

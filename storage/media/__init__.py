"""Media: the Pillow pipeline, the content-addressed stores and the service that joins them.

The S3 store is `storage.media.s3` (imported only where a bucket is configured: botocore is slow to load).
"""

from __future__ import annotations

from storage.media.processing import Limits, Processed, process
from storage.media.service import MediaService, configure_pillow
from storage.media.store import DiskStore, LocalStore, MediaStore

__all__ = ["DiskStore", "Limits", "LocalStore", "MediaService", "MediaStore", "Processed", "configure_pillow",
           "process"]

"""Content-addressed media in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2…) through aiobotocore.

The same keys as on disk (`<sha256>.webp`), one object each, so every host sharing the bucket
and the database serves every photo. Nothing here decides who may see a photo: the web route
asks core first and only then calls `get`, and the bucket itself stays private (no public ACL,
no presigned URLs): the bytes pass through the web process.
"""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.exceptions import BotoCoreError, ClientError

from storage.media.store import TYPES, DiskStore, is_key

_MISSING = {"NoSuchKey", "404", "NotFound"}
_DELETE_BATCH = 1000  # DeleteObjects takes at most 1,000 keys a call


class BucketUnreachable(Exception):
    """The bucket can't be used: what the server (or the network) said."""


@dataclass(frozen=True)
class S3Config:
    bucket: str
    endpoint_url: str = ""
    """Empty: AWS S3 itself."""
    region: str = "us-east-1"
    access_key: str = field(default="", repr=False)
    secret_key: str = field(default="", repr=False)


class S3Store:
    """One aiobotocore client per store, opened on first use and closed by `close`."""

    def __init__(self, config: S3Config) -> None:
        self.config = config
        self.bucket = config.bucket
        self._stack = AsyncExitStack()
        self._client: Any = None
        self._opening = asyncio.Lock()

    async def _s3(self) -> Any:
        if self._client is None:
            async with self._opening:
                if self._client is None:
                    c = self.config
                    # Path-style addressing for a custom endpoint: MinIO and most self-hosted servers
                    # have no per-bucket host names. Checksums only where S3 requires them: several
                    # S3-compatible servers refuse the newer default trailers.
                    cfg = AioConfig(
                        s3={"addressing_style": "path" if c.endpoint_url else "auto"},
                        request_checksum_calculation="when_required", response_checksum_validation="when_required",
                        retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=10, read_timeout=30,
                    )
                    self._client = await self._stack.enter_async_context(get_session().create_client(
                        "s3", region_name=c.region, endpoint_url=c.endpoint_url or None,
                        aws_access_key_id=c.access_key, aws_secret_access_key=c.secret_key, config=cfg,
                    ))
        return self._client

    async def check(self) -> None:
        """Raise BucketUnreachable unless the bucket answers to these keys (at start, for a clear error)."""
        try:
            await (await self._s3()).head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            raise BucketUnreachable(f"{error.get('Code', '?')} {error.get('Message', '')}".strip()) from None
        except (BotoCoreError, OSError) as exc:
            raise BucketUnreachable(str(exc)) from None

    async def put(self, data: bytes, ext: str) -> str:
        """Store `data`; returns its key. Writing the same bytes again renews the object's date,
        so a sweep running before this upload commits its row can't take it as an old orphan."""
        key = DiskStore.key_for(data, ext)
        await (await self._s3()).put_object(Bucket=self.bucket, Key=key, Body=data,
                                            ContentType=TYPES.get(ext, "application/octet-stream"))
        return key

    async def get(self, key: str) -> bytes | None:
        if not is_key(key):  # keys come from our own rows; never let one name another object
            return None
        try:
            resp = await (await self._s3()).get_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING:
                return None
            raise
        async with resp["Body"] as body:
            return await body.read()

    async def exists(self, key: str) -> bool:
        if not is_key(key):
            return False
        try:
            await (await self._s3()).head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING:
                return False
            raise
        return True

    async def sweep(self, keep: set[str], older_than: float) -> int:
        """Delete media objects no row refers to (`keep`) and unwritten since `older_than` (epoch seconds).

        Only objects named like our keys are considered: anything else in the bucket is left alone.
        """
        s3 = await self._s3()
        doomed: list[str] = []
        async for page in s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            for obj in page.get("Contents", ()):
                key = obj["Key"]
                if is_key(key) and key not in keep and obj["LastModified"].timestamp() < older_than:
                    doomed.append(key)
        for start in range(0, len(doomed), _DELETE_BATCH):
            batch = doomed[start:start + _DELETE_BATCH]
            await s3.delete_objects(Bucket=self.bucket,
                                    Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True})
        return len(doomed)

    async def close(self) -> None:
        await self._stack.aclose()
        self._client = None


__all__ = ["BucketUnreachable", "S3Config", "S3Store"]

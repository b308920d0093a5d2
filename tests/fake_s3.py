"""A local S3-compatible server for tests: moto's ThreadedMotoServer on a free port of 127.0.0.1.

Use the `s3` fixture (a fresh bucket on a server started once per test session), or
`S3Server` directly in a test that needs its own. Settings for a bucket: `media_settings(bucket)`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import botocore.session
import pytest
from moto.server import ThreadedMotoServer

from openzone.settings import Media

# moto accepts any keys; these stand for an operator's (and are long enough to be redacted in logs).
ACCESS_KEY = "OZTESTACCESSKEY0000001"
SECRET_KEY = "oz-test-secret-key-0123456789abcdefghij"


class S3Server:
    """moto in server mode, speaking S3's real HTTP protocol to the real client library."""

    def __init__(self) -> None:
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.endpoint = ""

    def start(self) -> S3Server:
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self._server.stop()

    def client(self) -> Any:
        """A plain (blocking) botocore client, for tests to look into the bucket."""
        return botocore.session.get_session().create_client(
            "s3", region_name="us-east-1", endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)

    def new_bucket(self) -> str:
        name = f"oz-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name


@dataclass(frozen=True)
class Bucket:
    server: S3Server
    name: str

    @property
    def endpoint(self) -> str:
        return self.server.endpoint

    def media_settings(self, **kw: Any) -> Media:
        """`[media]` as an operator writes it for this bucket."""
        return Media(store="s3", s3_endpoint=self.endpoint, s3_bucket=self.name,
                     s3_access_key=ACCESS_KEY, s3_secret_key=SECRET_KEY, **kw)

    def keys(self) -> set[str]:
        pages = self.server.client().get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {obj["Key"] for page in pages for obj in page.get("Contents", ())}

    def read(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=key)["Body"].read()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def s3(s3_server: S3Server) -> Bucket:
    """A new, empty bucket on the session's local S3 server."""
    return Bucket(s3_server, s3_server.new_bucket())


__all__ = ["ACCESS_KEY", "SECRET_KEY", "Bucket", "S3Server", "s3", "s3_server"]

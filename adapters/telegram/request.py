"""PTB's HTTP transport with JSON bodies, and a request body made of ready values.

PTB's own HTTPXRequest posts every call form-encoded, and urllib quotes each byte of every value
in Python (a post card with its keyboard is some 600 bytes of it, per message). The Bot API takes
the same parameters as a JSON body, which the C encoder writes at once. File uploads stay
multipart, as PTB sends them.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

JSON_HEADERS = {"Content-Type": "application/json", "User-Agent": BaseRequest.USER_AGENT}
FORM_HEADERS = {"User-Agent": BaseRequest.USER_AGENT}
DefaultValue = type(BaseRequest.DEFAULT_NONE)  # "not given": the client's own timeout applies


class Payload(RequestData):
    """A request's parameters given as JSON-ready values (what `RequestData.parameters` holds)."""

    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        super().__init__()
        self._values = values

    @property
    def parameters(self) -> dict[str, Any]:
        return self._values

    @property
    def json_parameters(self) -> dict[str, str]:
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in self._values.items()}


class JsonRequest(BaseRequest):
    """An httpx client like PTB's HTTPXRequest (same default timeouts), sending JSON bodies."""

    __slots__ = ("_client", "_limits", "_media_write_timeout", "_timeout")

    def __init__(self, connection_pool_size: int, *, read_timeout: float | None = 5.0,
                 write_timeout: float | None = 5.0, connect_timeout: float | None = 5.0,
                 pool_timeout: float | None = 1.0, media_write_timeout: float | None = 20.0) -> None:
        self._timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=write_timeout,
                                      pool=pool_timeout)
        self._media_write_timeout = media_write_timeout
        self._limits = httpx.Limits(max_connections=connection_pool_size,
                                    max_keepalive_connections=connection_pool_size)
        self._client = self._build()

    def _build(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=self._timeout, limits=self._limits)

    @property
    def read_timeout(self) -> float | None:
        return self._timeout.read

    async def initialize(self) -> None:
        if self._client.is_closed:
            self._client = self._build()

    async def shutdown(self) -> None:
        if not self._client.is_closed:
            await self._client.aclose()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE, write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        files = request_data is not None and request_data.contains_files
        default = self._timeout
        timeout = httpx.Timeout(
            connect=default.connect if isinstance(connect_timeout, DefaultValue) else connect_timeout,
            read=default.read if isinstance(read_timeout, DefaultValue) else read_timeout,
            write=(self._media_write_timeout if files else default.write)
            if isinstance(write_timeout, DefaultValue) else write_timeout,
            pool=default.pool if isinstance(pool_timeout, DefaultValue) else pool_timeout,
        )
        kw: dict[str, Any]
        if request_data is None:
            kw = {"headers": FORM_HEADERS}
        elif files:
            kw = {"headers": FORM_HEADERS, "files": request_data.multipart_data, "data": request_data.json_parameters}
        else:
            kw = {"headers": JSON_HEADERS, "content": json.dumps(request_data.parameters).encode()}
        try:
            res = await self._client.request(method, url, timeout=timeout, **kw)
        except httpx.PoolTimeout as err:
            raise TimedOut("Pool timeout: every connection is busy; the request was not sent") from err
        except httpx.TimeoutException as err:
            raise TimedOut from err
        except httpx.HTTPError as err:
            raise NetworkError(f"httpx.{err.__class__.__name__}: {err}") from err
        return res.status_code, res.content


__all__ = ["JsonRequest", "Payload"]

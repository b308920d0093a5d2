"""A short-lived page cache per viewer: the same person reloading a zone doesn't re-run its queries.

Entries are keyed by the exact session cookie (or "no cookie"), the language the browser asks
for (its `lang` cookie, else its Accept-Language: adapters.web.reader) and the path and query,
so one viewer's page is never served to anyone else — not even to another session of the same
person — nor in another language than the one asked for. Only plain 200 pages without a notice
are kept, for `ttl` seconds: a change (a new post, a block, /zone revoke, /lang) reaches a
viewer who already has the page cached at most `ttl` seconds later. ttl=0 turns the cache off.
A request carrying a form's notice (adapters.web.flash) is neither answered from here nor kept.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from adapters.web import flash, session, urls
from adapters.web.context import NOTICE, Handler
from adapters.web.reader import READING


Key = tuple[str, str, str]
"""(session cookie, the language asked for: adapters.web.reader.Reading.cache_key, path and query)."""


@dataclass(frozen=True)
class _Entry:
    expires: float
    body: bytes
    headers: tuple[tuple[str, str], ...]


class PageCache:
    def __init__(self, ttl: float, size: int = 4096, now: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.size = size
        self._now = now
        self._entries: OrderedDict[Key, _Entry] = OrderedDict()

    def get(self, key: Key) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires <= self._now():
            del self._entries[key]
            return None
        return entry

    def forget(self, cookie: str) -> None:
        """Drop every page kept for this session: after its own action, it sees the result at once."""
        for key in [k for k in self._entries if k[0] == cookie]:
            del self._entries[key]

    def put(self, key: Key, body: bytes, headers: tuple[tuple[str, str], ...]) -> None:
        now = self._now()
        entries = self._entries
        entries[key] = _Entry(now + self.ttl, body, headers)
        entries.move_to_end(key)
        # Kept in the order they were put, with one ttl: the oldest expire first. Those are dropped as new
        # ones come, so the cache holds about `ttl` seconds of pages, not `size` pages mostly expired (at a
        # thousand pages a second that was 4,096 pages of ~17 KB, ~70 MB of the server's memory).
        while entries:
            oldest = next(iter(entries.values()))
            if oldest.expires > now and len(entries) <= self.size:
                break
            entries.popitem(last=False)


CACHE = web.AppKey("page_cache", PageCache)
KEPT_HEADERS = ("Content-Type", "Content-Language", "ETag", "Cache-Control", "Vary")


@web.middleware
async def cached_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    cache = request.app[CACHE]
    # A form's notice is for this one response (adapters.web.flash): never kept, never answered from here.
    if (cache.ttl <= 0 or request.method != "GET" or not urls.in_zone(request.path) or "t" in request.query
            or flash.pending(request)):
        return await handler(request)
    key = (request.cookies.get(session.COOKIE, ""), request.app[READING].cache_key(request), request.path_qs)
    entry = cache.get(key)
    if entry is None:
        response = await handler(request)
        if (isinstance(response, web.Response) and response.status == 200 and not request.get(NOTICE)
                and not response.cookies and isinstance(response.body, bytes)):
            cache.put(key, response.body, tuple((h, response.headers[h]) for h in KEPT_HEADERS if h in response.headers))
        return response
    headers = dict(entry.headers)
    if headers.get("ETag", "\0") in request.headers.get("If-None-Match", ""):
        headers.pop("Content-Type", None)
        return web.Response(status=304, headers=headers)
    return web.Response(body=entry.body, headers=headers)

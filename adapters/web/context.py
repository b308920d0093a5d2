"""What every web request needs: the core services and the page renderer, as typed app state; the handler types."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from aiohttp import web

from adapters.web.render import Pages
from core.ports import Clock, Subscriber, UnitOfWorkFactory
from core.ratelimit import RateLimits
from core.tokens import Signer


@dataclass(frozen=True)
class Site:
    name: str
    public_url: str
    uow_factory: UnitOfWorkFactory
    clock: Clock
    signer: Signer | None
    # What a form's action needs besides (adapters.web.forms): the chat's very limits, admins and hooks.
    limits: RateLimits | None = None
    admins: Mapping[str, frozenset[str]] = field(default_factory=dict)
    subscribers: Sequence[Subscriber] = ()
    on_commit: Callable[[], None] = lambda: None
    time_zone: str = "UTC"
    """The site's (`[site] time_zone`): a zone's calendar day when its owner has set no /timezone."""

    @cached_property
    def secure(self) -> bool:
        """Cookies get Secure and HSTS is sent only when people reach us over https."""
        return self.public_url.lower().startswith("https://")

    def url(self, path: str) -> str:
        return self.public_url.rstrip("/") + path


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
"""What an aiohttp middleware is handed: the rest of the chain."""
RawHandler = Callable[[Mapping[str, str], bytes], Awaitable[tuple[int, dict[str, str], bytes]]]
"""A platform-neutral (headers, body) → (status, headers, body) route, e.g. the Telegram webhook."""

VARY = "Accept-Language, Cookie"
"""What a page depends on besides its address: who is looking (the session cookie) and the language
they read (the `lang` cookie, else Accept-Language: adapters.web.reader)."""

SITE = web.AppKey("site", Site)
PAGES = web.AppKey("pages", Pages)
NOTICE = web.RequestKey("notice", str)
Probe = Callable[[], Awaitable["str | None"]]
READY: web.AppKey[Probe] = web.AppKey("ready", Callable)  # type: ignore[arg-type]
"""Why the process can't serve now (None: it can) — `/readyz` asks it; the composition root gives it."""

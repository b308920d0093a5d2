"""Wires the QQ bot into `openzone run`: the part, its notification sender, its reverse WebSocket route."""

from __future__ import annotations

from adapters.qq import QQAdapter, Refused
from openzone.parts import Part, Wiring
from openzone.settings import ConfigError


class QQPart(QQAdapter):
    """The adapter as `openzone run` starts it: a refusal at start is a configuration error (one line)."""

    async def start(self) -> None:
        try:
            await super().start()
        except Refused as exc:
            value = "…" if exc.setting == "access_token" else self.self_id
            raise ConfigError(f"qq.{exc.setting}", value, f"what the OneBot implementation accepts ({exc})") from None


def build(wiring: Wiring) -> Part | None:
    """The QQ part, or None when `[qq] mode` is off.

    In reverse mode the OneBot implementation connects to the web server of the same process
    (`[qq] ws_path` on `[web]`'s port), so that process must run the web part too (`--role all`).
    """
    qq = wiring.runtime.settings.qq
    if qq.mode == "off":
        return None
    adapter = QQPart(wiring.runtime.router, mode=qq.mode, ws_url=qq.ws_url, access_token=qq.access_token,
                     self_id=qq.self_id)
    wiring.senders["qq"] = adapter.send_delivery
    if qq.mode == "reverse":
        wiring.sockets.append((qq.ws_path, adapter.accept))
    return adapter


__all__ = ["QQPart", "build"]

"""Wires the QQ bot into `openzone run`: the part, its notification sender, its reverse WebSocket route."""

from __future__ import annotations

from adapters.qq import QQAdapter
from openzone.parts import Part, Wiring


def build(wiring: Wiring) -> Part | None:
    """The QQ part, or None when `[qq] mode` is off.

    In reverse mode the OneBot implementation connects to the web server of the same process
    (`[qq] ws_path` on `[web]`'s port), so that process must run the web part too (`--role all`).
    """
    qq = wiring.runtime.settings.qq
    if qq.mode == "off":
        return None
    adapter = QQAdapter(wiring.runtime.chat, mode=qq.mode, ws_url=qq.ws_url, access_token=qq.access_token,
                        self_id=qq.self_id)
    wiring.senders["qq"] = adapter.send_delivery
    if qq.mode == "reverse":
        wiring.sockets.append((qq.ws_path, adapter.accept))
    return adapter


__all__ = ["build"]

"""The QQ front end over OneBot v11 (reverse or forward WebSocket): translates, never decides."""

from __future__ import annotations

from adapters.qq.adapter import MODES, QQAdapter, UNREACHABLE_RETCODES
from adapters.qq.incoming import PLATFORM, cq_segments, parse, to_incoming
from adapters.qq.protocol import ActionFailed, Link, NotConnected
from adapters.qq.render import Outgoing, render
from adapters.qq.transport import Refused, token_refusal

__all__ = [
    "MODES", "PLATFORM", "ActionFailed", "Link", "NotConnected", "Outgoing", "QQAdapter", "Refused",
    "UNREACHABLE_RETCODES", "cq_segments", "parse", "render", "to_incoming", "token_refusal",
]

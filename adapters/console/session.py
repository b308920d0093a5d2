"""A line-by-line chat as a local identity; scriptable when stdin is piped.

Buttons print as numbered choices; `!N` presses one. Notifications print as they arrive.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from core.ports import Delivery
from handlers import Attachment, Chat, Incoming, Reply, Sender

PLATFORM = "console"
# `/photo add ALBUM PATH`: the console's stand-in for attaching a photo in a messenger.
_PHOTO_ADD = re.compile(r"^(/photo\s+add\s+.+?)\s+(\S+)$")


def local_file(path: Path) -> Attachment:
    """A file on this computer as an attachment; read only when the handler asks for the bytes.

    Only the console does this — it runs on the user's own machine. Chat commands never name
    server files: messengers attach bytes instead.
    """

    async def fetch() -> bytes:
        return await asyncio.to_thread(path.read_bytes)

    return Attachment("photo", fetch, path.name, "", path.stat().st_size)


def render(reply: Reply, buttons: list[str]) -> str:
    """Plain text for a terminal; action buttons get numbers appended to `buttons`."""
    parts = []
    for span in reply.spans:
        if span.style == "link" and span.url and span.url != span.text:
            parts.append(f"{span.text} <{span.url}>")
        else:
            parts.append(span.text)
    lines = ["".join(parts).rstrip()]
    for row in reply.buttons:
        cells = []
        for button in row:
            if button.url:
                cells.append(f"[{button.label}: {button.url}]")
            else:
                buttons.append(button.action or "")
                cells.append(f"[!{len(buttons)} {button.label}]")
        lines.append("  " + " ".join(cells))
    return "\n".join(line for line in lines if line)


class ConsoleSession:
    def __init__(
        self, chat: Chat, handle: str, *, out: TextIO = sys.stdout,
        pump: Callable[[Callable[[Delivery], Awaitable[None]], str], Awaitable[int]] | None = None,
    ) -> None:
        self.chat = chat
        self.sender = Sender(PLATFORM, handle, handle, handle)
        self.out = out
        self.pump = pump
        self.buttons: list[str] = []
        self._lock = asyncio.Lock()

    def _print(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    async def handle_line(self, line: str) -> None:
        raw = line.rstrip("\r\n")
        line = raw.strip()
        if not line:
            # Blank lines and indents go through as typed: a blog body written line by line keeps
            # its paragraphs and Markdown indents (an empty line outside one is answered with nothing).
            incoming = Incoming(self.sender, text="")
        elif line.startswith("!") and line[1:].isdigit():
            n = int(line[1:])
            if not 1 <= n <= len(self.buttons):
                self._print(f"⚠️ No button !{n}.")
                return
            incoming = Incoming(self.sender, action=self.buttons[n - 1])
        elif m := _PHOTO_ADD.match(line):
            path = Path(m.group(2)).expanduser()
            if not path.is_file():
                self._print(f"⚠️ There is no file at {path}. Usage: /photo add ALBUM PATH")
                return
            incoming = Incoming(self.sender, text=m.group(1), attachments=(local_file(path),))
        else:
            incoming = Incoming(self.sender, text=line if line.startswith("/") else raw)
        async with self._lock:
            for reply in await self.chat.handle(incoming):
                self._print(render(reply, self.buttons))

    async def notify(self, delivery: Delivery) -> None:
        async with self._lock:
            self._print("🔔 " + render(Reply.from_dict(delivery.payload), self.buttons))

    async def poll_notifications(self, interval: float = 0.25) -> None:
        """Print deliveries owed to this identity as they arrive (runs until cancelled)."""
        assert self.pump is not None
        while True:
            await self.pump(self.notify, self.sender.external_id)
            await asyncio.sleep(interval)

    async def run(self, stdin: TextIO = sys.stdin) -> None:
        interactive = stdin.isatty()
        if interactive:
            try:
                import readline  # noqa: F401  (history and line editing for input())
            except ImportError:
                pass
            self._print(f"OpenZone chat as {self.sender.external_id}. /help lists commands; Ctrl-D quits.")
        poller = asyncio.create_task(self.poll_notifications()) if self.pump else None
        try:
            while True:
                if interactive:
                    try:
                        line = await asyncio.to_thread(input, "> ")
                    except EOFError:
                        break
                else:
                    line = await asyncio.to_thread(stdin.readline)
                    if not line:
                        break
                await self.handle_line(line)
        finally:
            if poller:
                poller.cancel()
                await asyncio.gather(poller, return_exceptions=True)
            if self.pump:  # what arrived while the last command ran
                await self.pump(self.notify, self.sender.external_id)

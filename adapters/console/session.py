"""A line-by-line chat as a local identity; scriptable when stdin is piped.

Buttons print as numbered choices; `!N` presses one. Notifications print as they arrive, in
order, between commands.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
import signal
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

from chat import Attachment, Incoming, Reply, Sender
from core import i18n
from core.i18n import _
from core.ports import Delivery
from handlers import Router, Services

log = logging.getLogger(__name__)
PLATFORM = "console"
# Prints what is owed to one identity through the given sender; returns how many it printed.
Pump = Callable[[Callable[[Delivery], Awaitable[None]], str], Awaitable[int]]
# `/photo add ALBUM PATH`: the console's stand-in for attaching a photo in a messenger.
_PHOTO_ADD = re.compile(r"^/photo\s+add\s+(.+)$")
_PICTURE = re.compile(r"^/(avatar|cover)\s+(\S.*)$")  # `/avatar ~/me.jpg`: the console sends that file


class _OutputClosed(BaseException):
    """Raised by `notify` once whoever read the output has gone (a closed pipe: `| head -1`).

    A BaseException, like asyncio.CancelledError and for the same reason: not a send that failed
    but the end of the session, so `deliver_pending` hands the notification back unsent — owed to
    the next session — instead of counting a failed attempt and logging it.
    """


def _looks_like_a_path(word: str) -> bool:
    """`~/beach.jpg`, `./a.png`, `IMG_1.JPG`: what a person types for a file; `trip` is a title."""
    return any(c in word for c in "/\\~.")


def system_locale(environ: Mapping[str, str]) -> str | None:
    """The language the terminal's user reads, as POSIX says where to look: `LC_ALL`, else
    `LC_MESSAGES`, else `LANG` (`zh_CN.UTF-8`); None for the C/POSIX locale or none set."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        if value:
            return None if value.split(".")[0] in ("C", "POSIX") else value
    return None


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
                cells.append(f"[{button.as_text()}]")
            else:
                buttons.append(button.action or "")
                cells.append(f"[!{len(buttons)} {button.label}]")
        lines.append("  " + " ".join(cells))
    return "\n".join(line for line in lines if line)


async def console_identity(services: Services, name: str) -> str:
    """The console identity `--as NAME` means: one already called exactly that, else NAME in lowercase.

    Handles are lowercase, so `--as Alice` and `--as alice` are one person. Identities an older
    version made with capitals were made lowercase by migration 0016, but where that would have
    joined two accounts ('Alice' and 'alice' both existed) one keeps its capitals: typing it exactly
    still reaches it.
    """
    async with services.uow_factory() as uow:
        if await uow.accounts.by_identity(PLATFORM, name) is not None:
            return name
    return name.lower()


class ConsoleSession:
    """One person's chat in a terminal (or a script), and the notifications owed to them.

    Commands and notifications take turns in one task: a notification is printed and marked sent
    between commands or while waiting for the next line, never cut off half-way. Ending the
    session (EOF, Ctrl-C, SIGTERM) lets the turn in progress finish, prints what is still owed
    and returns; nothing this session claimed is left unprinted. When the output closes (the
    reader of a pipe has gone) the session ends after the turn in progress, as quietly: the
    command's transaction stands, and what could not be printed stays owed (`output_closed`).
    """

    def __init__(
        self, router: Router, handle: str, *, out: TextIO = sys.stdout, pump: Pump | None = None,
        interval: float = 0.25, locale: str | None = None, identity: str | None = None,
    ) -> None:
        self.router = router
        # `identity` (else `handle`) is the external id (see console_identity); the name as typed
        # is the new account's display name and where its handle comes from.
        self.sender = Sender(PLATFORM, identity or handle, handle, handle)
        self.locale = locale
        """The terminal's language (`system_locale(os.environ)` for `openzone chat`): the hint every
        message carries, until the person chooses with /lang."""
        languages = router.services.languages
        self.language = languages.match(locale) or languages.default
        """What the session's own lines are worded in: the hint at first, then what the router
        answered the person in."""
        self.out = out
        self.pump = pump
        self.interval = interval
        self.buttons: list[str] = []
        self._stopping = False
        self._pump_failed = False
        self.output_closed = False
        """Whether the output closed under the session (EPIPE); nothing is written after that."""

    def _print(self, text: str) -> bool:
        """Write one message and flush it; False once the output has closed."""
        if self.output_closed:
            return False
        try:
            self.out.write(text + "\n")
            self.out.flush()
        except BrokenPipeError:
            log.info("the console's output was closed; the session ends")
            self.output_closed = True
            self._stopping = True
            return False
        return True

    async def handle_line(self, line: str) -> None:
        with i18n.using(self.language):
            await self._handle_line(line)

    async def _handle_line(self, line: str) -> None:
        raw = line.rstrip("\r\n")
        line = raw.strip()
        if not line:
            # Blank lines and indents go through as typed: a blog body written line by line keeps
            # its paragraphs and Markdown indents (an empty line outside one is answered with nothing).
            incoming = Incoming(self.sender, text="", locale=self.locale)
        elif line.startswith("!") and line[1:].isdigit():
            n = int(line[1:])
            if not 1 <= n <= len(self.buttons):
                self._print(_("⚠️ No button !{n}.").format(n=n))
                return
            incoming = Incoming(self.sender, action=self.buttons[n - 1], locale=self.locale)
        elif (m := _PICTURE.match(line)) and m.group(2).strip().lower() != "remove":
            path = Path(m.group(2).strip()).expanduser()
            if not path.is_file():
                self._print(_("⚠️ There is no file at {path}. Usage: /{command} PATH").format(path=path, command=m.group(1)))
                return
            incoming = Incoming(self.sender, text=f"/{m.group(1)}", attachments=(local_file(path),), locale=self.locale)
        elif m := _PHOTO_ADD.match(line):
            *title, word = m.group(1).rsplit(None, 1)
            path = Path(word).expanduser()
            named_a_file = path.is_file() or _looks_like_a_path(word)
            if not title and named_a_file:
                self._print(_("⚠️ Name the album before the file: /photo add ALBUM {file} (/album list shows yours).")
                            .format(file=word))
                return
            if not named_a_file:
                # `/photo add Summer trip`: all of it names the album; the file is what's missing.
                self._print(_("⚠️ Put the photo's file after the album: /photo add {album} ~/beach.jpg "
                              "(the console sends a file on this computer).").format(album=m.group(1)))
                return
            if not path.is_file():
                self._print(_("⚠️ There is no file at {path}. Usage: /photo add ALBUM PATH").format(path=path))
                return
            incoming = Incoming(self.sender, text=f"/photo add {title[0]}", attachments=(local_file(path),),
                                locale=self.locale)
        else:
            incoming = Incoming(self.sender, text=line if line.startswith("/") else raw, locale=self.locale)
        replies = await self.router.handle(incoming)
        self.language = i18n.active()  # the router leaves the person's own language active
        for reply in replies:
            self._print(render(reply, self.buttons))

    async def notify(self, delivery: Delivery) -> None:
        if not self._print("🔔 " + render(Reply.from_dict(delivery.payload), self.buttons)):
            raise _OutputClosed  # not printed, so not sent: it stays owed

    async def print_notifications(self) -> int:
        """Print what is owed to this identity now; a failure is logged and said in one line."""
        if self.pump is None or self.output_closed:
            return 0
        try:
            printed = await self.pump(self.notify, self.sender.external_id)
        except _OutputClosed:
            return 0
        except Exception:
            if not self._pump_failed:  # once per outage, not every quarter second
                ref = secrets.token_hex(4)
                log.exception("console notifications failed (ref %s)", ref)
                with i18n.using(self.language):
                    self._print(_("⚠️ Notifications are delayed by a problem on our side (ref {ref}).").format(ref=ref))
            self._pump_failed = True
            return 0
        self._pump_failed = False
        return printed

    def stop(self) -> None:
        """End after the turn in progress (the Ctrl-C / SIGTERM handler)."""
        self._stopping = True

    async def run(self, stdin: TextIO = sys.stdin) -> None:
        interactive = stdin.isatty()
        if interactive:
            try:
                import readline  # noqa: F401  (history and line editing for input())
            except ImportError:
                pass
            with i18n.using(self.language):
                self._print(_("OpenZone chat as {handle}. /help lists commands; Ctrl-D quits.")
                            .format(handle=self.sender.external_id))
        lines = _read_lines(stdin, interactive)
        with _stopped_by_signals(self.stop):
            await self.router.keep_locale(self.sender, self.locale)  # what is owed, worded as this terminal reads
            await self.print_notifications()  # what arrived while away comes before the first reply
            while not self._stopping:
                try:
                    line = await asyncio.wait_for(lines.get(), timeout=self.interval)
                except TimeoutError:
                    await self.print_notifications()
                    continue
                if line is None:
                    break
                await self.handle_line(line)
                await self.print_notifications()  # what the command caused, right after its reply
            while await self.print_notifications():  # what is still owed before we go
                pass


def _read_lines(stdin: TextIO, interactive: bool) -> asyncio.Queue[str | None]:
    """Lines from `stdin` (None at the end), read by a daemon thread.

    A daemon thread, not the loop's executor: a person who quits with Ctrl-C while input() waits
    must not have to press Enter before the process can exit.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        while True:
            try:
                line: str | None = input("> ") if interactive else stdin.readline() or None
            except (EOFError, OSError, ValueError):
                line = None
            try:
                loop.call_soon_threadsafe(queue.put_nowait, line)
            except RuntimeError:  # the loop has closed: the session is over
                return
            if line is None:
                return

    threading.Thread(target=read, name="console-stdin", daemon=True).start()
    return queue


@contextlib.contextmanager
def _stopped_by_signals(stop: Callable[[], None]) -> Iterator[None]:
    """Ctrl-C and SIGTERM end the session gracefully instead of cancelling it mid-transaction."""
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
            pass
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)

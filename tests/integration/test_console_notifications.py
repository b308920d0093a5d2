"""Console notifications, through real `openzone chat` processes sharing one database.

Each identity's notifications print once, in event order, in its own session; a session that ends
(end of input, Ctrl-D, Ctrl-C) leaves nothing claimed that it did not print. SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import Database

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def config(db: Database, tmp_path: Path) -> Path:
    """A config on the test's database (SQLite file or PostgreSQL), with two console moderators."""
    path = tmp_path / "config.toml"
    path.write_text(f'data_dir = "{tmp_path}"\n[database]\nurl = "{db.url}"\n'
                    '[admins]\nconsole = ["mod1", "mod2"]\n')
    return path


def command(config: Path, who: str) -> list[str]:
    return [sys.executable, "-m", "openzone", "--config", str(config), "chat", "--as", who]


def chat(config: Path, who: str, *lines: str, lang: str | None = None) -> str:
    """A short piped session: `printf 'LINE\\n…' | openzone chat --as WHO` (with `lang`: `LANG=… openzone chat`)."""
    terminal = {} if lang is None else {"LANG": lang, "LC_ALL": "", "LC_MESSAGES": ""}
    result = subprocess.run(
        command(config, who), input="".join(line + "\n" for line in lines), capture_output=True, text=True,
        timeout=120, cwd=ROOT, env={**os.environ, "PYTHONWARNINGS": "error", **terminal},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return result.stdout


def bells(out: str) -> list[str]:
    """The notifications printed, in order: each from its 🔔 line up to its buttons (or the next 🔔)."""
    notes: list[list[str]] = []
    open_note = False
    for line in out.splitlines():
        if line.startswith("🔔 "):
            notes.append([line.removeprefix("🔔 ")])
            open_note = True
        elif line.startswith("  ["):
            open_note = False
        elif open_note:
            notes[-1].append(line)
    return ["\n".join(n) for n in notes]


def comments(notes: list[str]) -> list[str]:
    """The comment bodies among the notifications, in the order printed."""
    return [n.split("\n")[1] for n in notes if "commented on your post" in n]


class Terminal:
    """`openzone chat --as WHO` on a pseudo-terminal, as a person types it."""

    def __init__(self, config: Path, who: str) -> None:
        self.master, slave = os.openpty()
        self.proc = subprocess.Popen(command(config, who), stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                                     cwd=ROOT, env={**os.environ, "PYTHONWARNINGS": "error", "TERM": "dumb"})
        os.close(slave)
        self.seen = ""

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\n")

    def wait_for(self, text: str, within: float = 60) -> str:
        """Everything shown until `text` appears (fails if it doesn't within `within` seconds)."""
        deadline = time.monotonic() + within
        while text not in self.seen:
            ready, _, _ = select.select([self.master], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, f"{text!r} never appeared; the terminal shows:\n{self.seen}"
            self._read()
        return self.seen

    def _read(self) -> bool:
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the other end closed: the process is gone
            return False
        self.seen += ANSI.sub("", chunk.decode(errors="replace")).replace("\r\n", "\n")
        return bool(chunk)

    def close(self, how: str) -> tuple[int, str]:
        """End the session with Ctrl-D ("eof") or Ctrl-C ("interrupt"); returns (exit code, stderr).

        A session that does not end within a minute is killed (and its exit code says so).
        """
        if how == "eof":
            os.write(self.master, b"\x04")
        else:
            self.proc.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 60
        while self.proc.poll() is None and time.monotonic() < deadline:
            if select.select([self.master], [], [], 0.2)[0]:
                self._read()
        if self.proc.poll() is None:
            self.proc.kill()
        code = self.proc.wait()
        while select.select([self.master], [], [], 0)[0] and self._read():
            pass
        assert self.proc.stderr is not None
        stderr = self.proc.stderr.read().decode()
        self.proc.stderr.close()
        os.close(self.master)
        return code, stderr


def test_a_short_piped_session_prints_every_notification_owed_once_and_in_order(config: Path) -> None:
    chat(config, "alice", "/post public hello")
    chat(config, "bob", *[f"/comment 1 note {i}" for i in range(1, 13)])
    first = chat(config, "alice", "/start", "/link")
    assert comments(bells(first)) == [f"note {i}" for i in range(1, 13)]
    assert "Send this on your other messenger" in first
    assert bells(chat(config, "alice", "/start", "/link")) == []


def test_what_arrived_while_away_is_worded_as_this_terminal_reads(config: Path) -> None:
    chat(config, "alice", "/post public hello", lang="en_US.UTF-8")
    chat(config, "bob", "/comment 1 nice one", lang="en_US.UTF-8")  # while alice's last terminal read English
    out = chat(config, "alice", "/me", lang="zh_CN.UTF-8")
    [note] = bells(out)
    assert "评论了你的说说" in note and "nice one" in note and "commented" not in note
    assert "说说" in out.split(note)[-1]  # and the reply after it, as before
    # /lang still wins over any terminal's language.
    chat(config, "alice", "/lang en", lang="zh_CN.UTF-8")
    chat(config, "bob", "/comment 1 again", lang="en_US.UTF-8")
    [note] = bells(chat(config, "alice", "/me", lang="zh_CN.UTF-8"))
    assert "commented on your post" in note and "again" in note


def test_each_identity_hears_its_own_notifications_in_its_own_session(config: Path) -> None:
    chat(config, "alice", "/post public hello")
    chat(config, "carol", "/post public carol here")
    chat(config, "bob", "/comment 1 to alice", "/comment 2 to carol", "/friend alice", "/friend carol")
    carol = bells(chat(config, "carol", "/me"))
    alice = bells(chat(config, "alice", "/me"))
    assert [n.split("\n")[0] for n in carol] == [
        "c2 💬 bob (@bob) commented on your post #2:", "👋 bob (@bob) sent you a friend request.",
    ]
    assert [n.split("\n")[0] for n in alice] == [
        "c1 💬 bob (@bob) commented on your post #1:", "👋 bob (@bob) sent you a friend request.",
    ]
    assert bells(chat(config, "bob", "/me")) == []


def test_a_ban_and_its_lifting_reach_the_person_in_that_order(config: Path) -> None:
    chat(config, "mod1", "/start")
    chat(config, "bob", "/start")
    chat(config, "mod1", "/mod ban bob 1d spam", "/mod unban bob", "/mod ban bob 2d again", "/mod unban bob")
    notes = bells(chat(config, "bob", "/me"))
    assert [n.split(" ")[0] for n in notes] == ["⛔", "✅", "⛔", "✅"]
    assert "(spam)" in notes[0] and "Your ban was lifted" in notes[1] and "(again)" in notes[2]


def test_a_report_handled_before_its_card_is_printed_never_shows_live_buttons(config: Path) -> None:
    chat(config, "mod1", "/start")
    chat(config, "mod2", "/start")
    chat(config, "bob", "/post public buy cheap pills", "/post public more pills")
    chat(config, "carol", "/report 1 spam", "/report 2 spam too")
    handled = chat(config, "mod2", "/mod dismiss r1")
    # What was owed when the session opened prints first, before the reply to the first command.
    assert [n.split("\n")[0] for n in bells(handled)] == ["🚩 Report r1 · @carol on post #1 by @bob: spam",
                                                          "🚩 Report r2 · @carol on post #2 by @bob: spam too"]
    assert handled.index("Report r2 ·") < handled.index("Report r1 dismissed.")
    cards = chat(config, "mod1", "/me")
    assert "r1" not in cards and "rpt:dismiss" not in cards
    assert [n.split("\n")[0] for n in bells(cards)] == ["🚩 Report r2 · @carol on post #2 by @bob: spam too"]


@pytest.mark.parametrize("how", ["eof", "interrupt"])
def test_an_open_terminal_prints_notifications_as_they_come_and_leaves_none_behind(config: Path, how: str) -> None:
    chat(config, "alice", "/post public hello")
    alice = Terminal(config, "alice")
    try:
        alice.wait_for("OpenZone chat as alice.")
        alice.type("/name Alice")
        alice.wait_for("Your name is now Alice.")
        chat(config, "bob", "/comment 1 are you there?")
        alice.wait_for("are you there?")
        assert "🔔 c1 💬 bob (@bob) commented on your post #1:" in alice.seen
        chat(config, "bob", *[f"/comment 1 note {i}" for i in range(1, 13)])
    finally:
        code, stderr = alice.close(how)  # at once: some notes may still be on their way
    assert code == 0 and "Traceback" not in stderr + alice.seen, stderr
    printed = comments(bells(alice.seen))
    later = comments(bells(chat(config, "alice", "/me")))
    assert printed + later == ["are you there?"] + [f"note {i}" for i in range(1, 13)]

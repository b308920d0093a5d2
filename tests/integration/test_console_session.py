"""The console front end end to end: real `openzone chat` processes sharing one database."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'data_dir = "{tmp_path}"\n[database]\nurl = "sqlite+aiosqlite:///{tmp_path}/oz.db"\n')
    return path


def chat(config: Path, who: str, script: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "openzone", "--config", str(config), "chat", "--as", who],
        input=script, capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_piped_console_session_runs_the_whole_social_loop(config: Path) -> None:
    chat(config, "alice", "/post public hello everyone\n/post friends just for friends\n")
    chat(config, "bob", "/friend alice\n")
    chat(config, "dave", "/friend alice\n")
    chat(config, "alice", "/accept bob\n/accept dave\n/circle new close\n/circle add close bob\n"
                          "/post @close circle secret\n")
    bob_feed = chat(config, "bob", "/feed\n")
    assert "hello everyone" in bob_feed and "just for friends" in bob_feed and "circle secret" in bob_feed
    carol = chat(config, "carol", "/posts alice\n")
    assert "hello everyone" in carol and "just for friends" not in carol and "circle secret" not in carol
    dave = chat(config, "dave", "/feed\n/show 3\n")
    assert "just for friends" in dave and "circle secret" not in dave
    assert "There is no post #3 that you can see." in dave

    # alice keeps a session open; bob's comment from another process shows up in it.
    alice = subprocess.Popen(
        [sys.executable, "-m", "openzone", "--config", str(config), "chat", "--as", "alice"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        assert alice.stdin is not None and alice.stdout is not None
        alice.stdin.write("/name Alice\n")
        alice.stdin.flush()
        assert alice.stdout.readline() == "Your name is now Alice.\n"  # the session is live
        assert "Comment added to #1" in chat(config, "bob", "/comment 1 lovely!\n")
        deadline = time.monotonic() + 30
        seen = ""
        while time.monotonic() < deadline and "commented on your post #1" not in seen:
            seen += alice.stdout.readline()
        assert "🔔 c1 💬 bob (@bob) commented on your post #1:" in seen
        assert "lovely!" in alice.stdout.readline() + seen
    finally:
        if alice.stdin:
            alice.stdin.close()
        alice.wait(timeout=30)
        if alice.stdout:
            alice.stdout.close()
        if alice.stderr:
            alice.stderr.close()


def test_the_cli_reports_a_bad_config_with_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[web]\nport = 99999\n")
    result = subprocess.run([sys.executable, "-m", "openzone", "--config", str(bad), "migrate"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2
    assert "web.port = 99999" in result.stderr


def test_migrate_and_version(config: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "openzone", "--config", str(config), "migrate"],
                         capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0 and "up to date" in out.stdout
    version = subprocess.run([sys.executable, "-m", "openzone", "version"], capture_output=True, text=True, cwd=ROOT)
    assert version.stdout.startswith("openzone ")


def test_a_failing_command_shows_one_line_with_its_ref_and_its_traceback_goes_to_the_log(
    config: Path, tmp_path: Path,
) -> None:
    chat(config, "alice", "/post public hello\n")
    with sqlite3.connect(tmp_path / "oz.db") as damaged:  # a real fault: a table has gone missing
        damaged.execute("DROP TABLE circle_members")
    result = subprocess.run(
        [sys.executable, "-m", "openzone", "--config", str(config), "chat", "--as", "alice"],
        input="/me\n/help\n", capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert result.returncode == 0 and result.stderr == ""
    assert "Traceback" not in result.stdout
    [ref] = re.findall(r"^⚠️ Something went wrong on our side \(ref ([0-9a-f]{8})\)\. Please try again in a moment\.$",
                       result.stdout, re.MULTILINE)
    assert "/help" in result.stdout.split(ref, 1)[1]  # the session carried on
    log = (tmp_path / "logs" / "console.log").read_text()
    assert f"handler failed (ref {ref})" in log
    assert "Traceback" in log and "no such table: circle_members" in log


def test_ctrl_c_ends_a_busy_session_cleanly_with_nothing_on_stderr(config: Path, tmp_path: Path) -> None:
    chat(config, "alice", "/post public hello\n")
    session = subprocess.Popen(
        [sys.executable, "-m", "openzone", "--config", str(config), "chat", "--as", "alice"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert session.stdin is not None and session.stdout is not None
    session.stdin.write("/feed\n" * 200)
    session.stdin.flush()
    assert session.stdout.readline().startswith("📰 Your feed")  # busy answering
    session.send_signal(signal.SIGINT)
    out, err = session.communicate(timeout=60)
    assert session.returncode == 0
    assert err == "" and "Traceback" not in out
    assert "Traceback" not in (tmp_path / "logs" / "console.log").read_text()


def test_the_terminal_language_is_the_hint_until_one_chooses(config: Path) -> None:
    def run(who: str, **env: str) -> str:
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
        result = subprocess.run(
            [sys.executable, "-m", "openzone", "--config", str(config), "chat", "--as", who],
            input="/help\n", capture_output=True, text=True, timeout=60, cwd=ROOT, env={**clean, **env},
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "OpenZone —— /help 话题 列出该话题的命令" in run("lin", LANG="zh_CN.UTF-8")  # the README's example
    assert "OpenZone — /help TOPIC lists a topic's commands" in run("ann", LANG="C.UTF-8")
    assert "/help 话题" in run("mei", LANG="en_US.UTF-8", LC_ALL="zh_CN.UTF-8")  # LC_ALL wins, as POSIX says


def test_as_names_one_person_whatever_the_case_and_an_identity_made_with_capitals_is_still_found(
    config: Path, tmp_path: Path,
) -> None:
    assert "Alice (@alice)" in chat(config, "Alice", "/me\n")
    assert "Alice (@alice)" in chat(config, "alice", "/me\n")
    assert "Alice (@alice)" in chat(config, "ALICE", "/me\n")
    with sqlite3.connect(tmp_path / "oz.db") as db:
        assert db.execute("SELECT count(*) FROM accounts").fetchone() == (1,)
        assert db.execute("SELECT external_id FROM identities WHERE platform = 'console'").fetchall() == [("alice",)]
    # A console identity made while the case was kept (`--as Carol` then) is still Carol's, by that name.
    chat(config, "carol", "/name Carol\n")
    with sqlite3.connect(tmp_path / "oz.db") as db:
        db.execute("UPDATE identities SET external_id = 'Carol' WHERE external_id = 'carol'")
    assert "Carol (@carol)" in chat(config, "Carol", "/me\n")
    with sqlite3.connect(tmp_path / "oz.db") as db:
        assert db.execute("SELECT count(*) FROM accounts").fetchone() == (2,)


def chat_into_a_closed_pipe(config: Path, who: str, script: str) -> subprocess.CompletedProcess[str]:
    """`printf SCRIPT | openzone chat --as WHO | head -0`: whoever read the output has already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "openzone", "--config", str(config), "chat", "--as", who],
            input=script, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60, cwd=ROOT,
            env={**os.environ, "PYTHONWARNINGS": "error"},
        )
    finally:
        os.close(write_end)


def test_a_closed_output_ends_the_session_quietly_and_the_command_in_flight_stands(
    config: Path, tmp_path: Path,
) -> None:
    chat(config, "alice", "/me\n")
    result = chat_into_a_closed_pipe(config, "alice", "/name Alicia\n/name Zed\n")
    assert (result.returncode, result.stderr) == (141, "")  # as a shell reports `yes | head -1`'s yes
    # The command whose reply could not be printed was done, whole; the session ended there.
    assert "Alicia (@alice)" in chat(config, "alice", "/me\n")
    assert "Traceback" not in (tmp_path / "logs" / "console.log").read_text()


def test_a_notification_the_closed_output_could_not_show_is_still_owed_once(config: Path, tmp_path: Path) -> None:
    chat(config, "alice", "/me\n")
    chat(config, "bob", "/friend alice\n")
    result = chat_into_a_closed_pipe(config, "alice", "/me\n")
    assert (result.returncode, result.stderr) == (141, "")
    with sqlite3.connect(tmp_path / "oz.db") as db:  # handed back as it was: not sent, no attempt counted
        assert db.execute("SELECT attempts, sent_at, leased_by FROM deliveries").fetchall() == [(0, None, None)]
    seen = chat(config, "alice", "/me\n")
    assert seen.count("🔔 👋 bob (@bob) sent you a friend request.") == 1
    assert "🔔" not in chat(config, "alice", "/me\n")
    assert "Traceback" not in (tmp_path / "logs" / "console.log").read_text()

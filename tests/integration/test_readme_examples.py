"""The README's examples run as written: its shell lines through the real CLI, its commands through the parser."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from handlers import build_registry
from tests.builders import World

README = Path(__file__).resolve().parents[2] / "README.md"
OPENZONE = Path(sys.executable).parent / "openzone"
# A placeholder word (TITLE, HANDLE, ID…), an ellipsis, optional or alternative parts: a syntax line.
PLACEHOLDER = re.compile(r"\b[A-Z]{2,}\b|…|\[|\\\||\b[cegr]ID\b")


def _code_lines() -> list[str]:
    lines, inside = [], False
    for line in README.read_text().splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside:
            lines.append(line.strip())
    return lines


def piped_chats() -> list[str]:
    """`printf '…' | .venv/bin/openzone chat --as NAME` lines from the README's code blocks."""
    return [line for line in _code_lines() if line.startswith("printf ") and "openzone chat --as" in line]


def inline_examples() -> list[str]:
    """Concrete commands written inline (`/album new "Just friends" public`), not syntax lines."""
    registry = build_registry()
    found = []
    for example in dict.fromkeys(re.findall(r"`(/[a-z][^`]*)`", README.read_text())):
        words = example[1:].split()
        if PLACEHOLDER.search(example) or len(words) < 2 or registry.get(" ".join(words).lower()) is not None:
            continue  # a command named in prose, or a usage line
        if registry.get(words[0].partition("@")[0]) is None and words[0] not in registry.parents:
            continue  # a URL path, not a command
        found.append(example)
    return found


def test_the_readme_has_examples_of_both_kinds() -> None:
    assert len(piped_chats()) >= 2 and len(inline_examples()) >= 10


@pytest.mark.parametrize("example", inline_examples())
def test_every_command_the_readme_shows_parses_as_written(example: str) -> None:
    parsed = build_registry().parse(example)
    assert parsed.command is not None


@pytest.mark.parametrize("line", piped_chats())
def test_every_piped_console_chat_in_the_readme_runs_as_written(line: str, tmp_path: Path) -> None:
    printf, _, rest = line.partition(" | ")
    payload = subprocess.run(shlex.split(printf), capture_output=True, check=True).stdout  # the shell's printf
    handle = shlex.split(rest)[-1]
    config = tmp_path / "config.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\n[database]\nurl = "sqlite+aiosqlite:///{tmp_path / "oz.db"}"\n')
    env = {**os.environ, "OPENZONE_CONFIG": str(config)}
    subprocess.run([str(OPENZONE), "migrate"], env=env, capture_output=True, check=True, timeout=120)
    done = subprocess.run([str(OPENZONE), "chat", "--as", handle], input=payload, env=env, capture_output=True,
                          timeout=120)
    out = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 0, out
    assert "⚠️" not in out and "Traceback" not in out and "I answer commands" not in out, out


async def test_the_readmes_inline_examples_do_what_it_says_in_a_zone_set_up_for_them(world: World) -> None:
    """Each inline example, as alice (or the console admin for /mod), with the friends and albums it names."""
    for friend in ("bob", "carol"):
        await world.befriend("alice", friend)
    await world.say("admin", "/start")
    await world.say("alice", "/album new Summer trip public")
    await world.say("alice", "/album new Trip public")
    needs_a_file = ("/photo ",)  # photos by path or by number need an upload first (tests/integration/test_albums.py)
    ran = []
    # In the order a person would type them: make things, use them, then rename or lift them.
    order = {"new": 0, "add": 1, "rename": 3, "unban": 3}
    for example in sorted(inline_examples(), key=lambda e: order.get(e.split()[1].lstrip("@"), 2)):
        if example.startswith(needs_a_file) or re.search(r" p\d+\b", example):  # `/like p12`: a photo too
            continue
        sender = "admin" if example.startswith("/mod ") else "alice"
        answer = await world.says(sender, example)
        assert "⚠️" not in answer, (example, answer)
        ran.append(example)
    assert len(ran) >= 10

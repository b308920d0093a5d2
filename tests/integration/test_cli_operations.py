"""Operating `openzone` from a shell: what a mistake prints, which options go where, what links say.

Every test runs the real CLI as a subprocess, as an operator would.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(sys.executable).parent / "openzone"  # what `make install` puts in .venv/bin


def config_file(tmp_path: Path, extra: str = "", data_dir: Path | None = None) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(f'data_dir = "{data_dir or tmp_path}"\n{extra}\n'
                    f'[database]\nurl = "sqlite+aiosqlite:///{tmp_path}/oz.db"\n')
    return path


def openzone(*args: str, stdin: str = "", prog: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*(prog or [sys.executable, "-m", "openzone"]), *args], input=stdin, capture_output=True,
                          text=True, timeout=120, cwd=ROOT, env={**os.environ, "PYTHONWARNINGS": "error"})


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The run failed with exit 2 and one line on stderr, no traceback; returns that line."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


class Running:
    """`openzone run` in the background until it has said it is running."""

    def __init__(self, args: list[str], prog: list[str] | None = None) -> None:
        self.proc = subprocess.Popen([*(prog or [sys.executable, "-m", "openzone"]), *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, cwd=ROOT)
        self.log = ""
        assert self.proc.stderr is not None
        while "OpenZone running" not in self.log:
            line = self.proc.stderr.readline()
            assert line, f"openzone run ended early:\n{self.log}"
            self.log += line

    def stop(self) -> str:
        """Ctrl-C; everything it logged."""
        assert self.proc.stderr is not None and self.proc.stdout is not None
        self.proc.send_signal(signal.SIGINT)
        rest = self.proc.stderr.read()  # the same buffered reader (communicate() would skip its buffer)
        self.proc.wait(timeout=60)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.log + rest


def test_a_busy_port_stops_run_with_one_line_naming_web_port(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = config_file(tmp_path, f"[web]\nport = {port}")
        line = one_line_error(openzone("run", "--config", str(config), "--role", "web", "--log-level", "WARNING"))
    assert line == f"openzone: config: web.port = {port} is not allowed; expected a free port (Address already in use)"


@pytest.mark.parametrize("command", [["migrate"], ["chat", "--as", "alice"], ["run", "--role", "web"]])
def test_a_data_directory_that_cannot_be_created_stops_with_one_line_naming_data_dir(
    tmp_path: Path, command: list[str],
) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    config = config_file(tmp_path, data_dir=tmp_path / "a-file" / "data")
    line = one_line_error(openzone("--config", str(config), *command, "--log-level", "WARNING", stdin="/me\n"))
    assert line.startswith(f"openzone: config: data_dir = '{tmp_path}/a-file/data")


def test_an_unreachable_database_stops_with_one_line_naming_database_url(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'data_dir = "{tmp_path}"\n[database]\nurl = "sqlite+aiosqlite:///{tmp_path}/a-file/oz.db"\n')
    (tmp_path / "a-file").write_text("not a directory")
    line = one_line_error(openzone("--config", str(config), "migrate", "--log-level", "WARNING"))
    assert line.startswith("openzone: config: database.url = ")


def test_config_and_log_level_are_read_after_the_subcommand_too(tmp_path: Path) -> None:
    config = config_file(tmp_path, '[site]\nname = "Elsewhere"')
    migrated = openzone("migrate", "--config", str(config), "--log-level", "WARNING")
    assert migrated.returncode == 0, migrated.stderr
    assert "Database is up to date" in migrated.stdout and (tmp_path / "oz.db").exists()
    assert "INFO" not in migrated.stderr
    bad = openzone("migrate", "--config", str(tmp_path / "missing.toml"))
    assert "--config" in one_line_error(bad)


def test_without_a_public_url_chat_links_follow_the_web_port(tmp_path: Path) -> None:
    config = config_file(tmp_path, '[web]\nhost = "127.0.0.1"\nport = 8123')
    chat = openzone("--config", str(config), "chat", "--as", "alice", stdin="/start\n")
    assert chat.returncode == 0, chat.stderr
    assert re.findall(r"http://[\w.:]+/", chat.stdout) == ["http://127.0.0.1:8123/"]
    chosen = config_file(tmp_path, '[site]\npublic_url = "https://zone.example.org"\n[web]\nport = 8123')
    chat = openzone("--config", str(chosen), "chat", "--as", "alice", stdin="/start\n")
    assert "https://zone.example.org/z/alice" in chat.stdout


def test_the_start_up_hint_prints_a_chat_command_that_runs_as_printed(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = config_file(tmp_path, f"[web]\nport = {port}")
    server = Running(["run", "--config", str(config)], prog=[str(SCRIPT)])
    log = server.stop()
    assert "Traceback" not in log and server.proc.returncode == 0, log  # Ctrl-C stops it cleanly
    [hint] = re.findall(r"Chat locally with: (.+)$", log, re.MULTILINE)
    assert hint == shlex.join([str(SCRIPT), "--config", str(config), "chat", "--as", "alice"])
    chat = subprocess.run(shlex.split(hint), input="/me\n", capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert chat.returncode == 0 and "alice (@alice)" in chat.stdout, chat.stderr

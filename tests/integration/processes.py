"""`openzone run` as real processes for tests: start one on a config, read its log, stop or kill it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def write_config(path: Path, database_url: str, **sections: dict[str, object]) -> Path:
    """A config file: `data_dir` beside it, the database, then each section's keys."""
    lines = [f'data_dir = "{path.parent / (path.stem + "-data")}"', "[database]", f'url = "{database_url}"']
    for name, keys in sections.items():
        lines.append(f"[{name}]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in keys.items()]  # JSON's strings, numbers, lists are TOML's
    path.write_text("\n".join(lines) + "\n")
    return path


class OpenZone:
    """`openzone run --config CONFIG --role ROLE` in the background; its log is read as it comes."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.log = ""
        self._more = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, config: Path, role: str = "all") -> OpenZone:
        """Started, and said it is running (its outbox worker, if any, listening for wake-ups)."""
        env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "openzone", "run", "--config", str(config), "--role", role,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE, cwd=ROOT, env=env,
        )
        started = cls(proc)
        await started.said("OpenZone running", timeout=120)
        return started

    async def _read(self) -> None:
        assert self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            self.log += line.decode(errors="replace")
            self._more.set()
        self._more.set()

    async def said(self, text: str, timeout: float) -> None:
        """Wait until the log contains `text` (fails with the log if it ends or takes longer)."""

        async def wait() -> None:
            while text not in self.log:
                assert not self._reader.done(), f"openzone ended before saying {text!r}:\n{self.log}"
                self._more.clear()
                await self._more.wait()

        try:
            await asyncio.wait_for(wait(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"openzone did not say {text!r} within {timeout}s:\n{self.log}") from None

    def send(self, sig: int = signal.SIGTERM) -> None:
        self.proc.send_signal(sig)

    async def stop(self, sig: int | None = signal.SIGTERM, timeout: float = 60) -> int:
        """Send `sig` (None: it was sent already) and wait for the exit; returns the exit status."""
        if sig is not None and self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(sig)
        code = await asyncio.wait_for(self.proc.wait(), timeout)
        await self._reader
        return code

    async def kill(self) -> None:
        """Make sure it is gone (a test's clean-up)."""
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            await self.proc.wait()
        with contextlib.suppress(Exception):
            await self._reader


__all__ = ["OpenZone", "write_config"]

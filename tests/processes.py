"""Separate OpenZone processes for tests: config files, `openzone` commands, and racing actors.

An actor is `python -m tests.processes CONFIG`: it builds the platform from the config file with
`openzone.bootstrap`, exactly as `openzone run` does (system clock, built-in limits), reads its
script from stdin, says `ready`, waits for `go`, then performs its steps one after another and
prints what it was answered as one JSON line. Started together and released together, N actors
are N processes racing on one database — not N tasks sharing one engine.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from openzone.runtime import Runtime

ROOT = Path(__file__).resolve().parent.parent
OPENZONE = Path(sys.executable).parent / "openzone"


@dataclass(frozen=True)
class Say:
    """One message (or button press, with `action`) from `user` on `platform`; `photo` attaches one."""

    user: str
    text: str = ""
    platform: str = "console"
    action: str | None = None
    photo: bool = False


@dataclass(frozen=True)
class Dispatch:
    """Drain the outbox (stage 1) `batch` events per transaction, as a worker's dispatcher does."""

    batch: int = 100


Step = Say | Dispatch


def write_config(home: Path, url: str, extra: str = "") -> Path:
    """A config file for the database at `url`, data under `home`: the built-in configuration plus `extra`."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "config.toml"
    # Top-level keys first: `extra` opens its own tables.
    config.write_text(f"data_dir = {json.dumps(str(home / 'data'))}\n"
                      f"[database]\nurl = {json.dumps(url)}\n{extra}")
    return config


def environment(config: Path) -> dict[str, str]:
    """The environment of a child process: this one's, the config, and local addresses unproxied."""
    return {**os.environ, "OPENZONE_CONFIG": str(config), "PYTHONPATH": str(ROOT),
            "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}


async def openzone(*args: str, config: Path) -> tuple[int, str]:
    """`openzone ARGS` run to its end as its own process; its exit code and output."""
    proc = await asyncio.create_subprocess_exec(
        str(OPENZONE), *args, env=environment(config), cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    return proc.returncode or 0, out.decode()


def free_port() -> int:
    """A TCP port nobody listens on now (for a process to bind next)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A long-running `openzone run` process; its output goes to `log` (a pipe could fill up)."""

    proc: asyncio.subprocess.Process
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    async def wait_for(self, needle: str, *, after: int = 0, timeout: float = 60.0) -> None:
        """Until `needle` is in the output (past offset `after`); fails with the output if it exits first."""
        deadline = asyncio.get_running_loop().time() + timeout
        while needle not in self.output()[after:]:
            if self.proc.returncode is not None:
                raise AssertionError(f"openzone exited {self.proc.returncode} before {needle!r}:\n{self.output()}")
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no {needle!r} within {timeout}s:\n{self.output()}")
            await asyncio.sleep(0.05)

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        """Send `sig` (default: the clean stop) and wait for the exit; its code."""
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        return await self.proc.wait()


async def start(*args: str, config: Path, log: Path) -> Server:
    """`openzone ARGS` started in the background (stop it with `Server.stop`)."""
    with log.open("ab") as out:
        proc = await asyncio.create_subprocess_exec(
            str(OPENZONE), *args, env=environment(config), cwd=ROOT, stdin=asyncio.subprocess.DEVNULL,
            stdout=out, stderr=asyncio.subprocess.STDOUT,
        )
    return Server(proc, log)


async def race(config: Path, scripts: Sequence[Sequence[Step]]) -> list[list[str]]:
    """Each script in its own actor process, all released at the same moment; each one's answers."""
    procs = [await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.processes", str(config), env=environment(config), cwd=ROOT,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    ) for _ in scripts]
    try:
        for proc, script in zip(procs, scripts, strict=True):
            steps = [_encoded(s) for s in script]
            proc.stdin.write(json.dumps(steps).encode() + b"\n")  # type: ignore[union-attr]
            await proc.stdin.drain()  # type: ignore[union-attr]
        for proc in procs:
            line = await proc.stdout.readline()  # type: ignore[union-attr]
            if line != b"ready\n":
                raise AssertionError(f"actor did not start: {line!r}\n{(await proc.stderr.read()).decode()}")  # type: ignore[union-attr]
        for proc in procs:
            proc.stdin.write(b"go\n")  # type: ignore[union-attr]
        await asyncio.gather(*(proc.stdin.drain() for proc in procs))  # type: ignore[union-attr]
        results = await asyncio.gather(*(proc.communicate() for proc in procs))
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    answers = []
    for proc, (out, err) in zip(procs, results, strict=True):
        if proc.returncode != 0:
            raise AssertionError(f"actor exited {proc.returncode}:\n{err.decode()}")
        answers.append(json.loads(out.decode().splitlines()[-1]))
    return answers


async def here(config: Path, steps: Sequence[Step]) -> list[str]:
    """The steps performed in this process, on a platform built from `config` as an actor builds it (set-up)."""
    from openzone.bootstrap import bootstrap
    from openzone.config import load

    runtime = await bootstrap(load(config))
    try:
        return await _perform(runtime, [_encoded(s) for s in steps])
    finally:
        await runtime.close()


def _encoded(step: Step) -> dict[str, Any]:
    return {"kind": type(step).__name__, **asdict(step)}


async def _perform(runtime: Runtime, steps: list[dict[str, Any]]) -> list[str]:
    from chat import Incoming, Sender
    from tests.builders import text
    from tests.images import attachment, photo

    answers: list[str] = []
    for step in steps:
        if step["kind"] == "Dispatch":
            total = 0
            while n := await runtime.dispatcher.run_once(step["batch"]):
                total += n
            answers.append(str(total))
            continue
        sender = Sender(step["platform"], step["user"], step["user"].capitalize(), step["user"])
        files = (attachment(photo()),) if step["photo"] else ()
        incoming = Incoming(sender, text=step["text"], action=step["action"], attachments=files)
        answers.append(text(await runtime.router.handle(incoming)))
    return answers


async def _act(config: Path) -> None:
    from openzone.bootstrap import bootstrap
    from openzone.config import load

    steps = json.loads(await asyncio.to_thread(sys.stdin.readline))
    runtime = await bootstrap(load(config))
    try:
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)  # go
        print(json.dumps(await _perform(runtime, steps)), flush=True)
    finally:
        await runtime.close()


if __name__ == "__main__":
    asyncio.run(_act(Path(sys.argv[1])))

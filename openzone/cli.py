"""`openzone run | migrate | chat | version`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import shlex
import shutil
import signal
import sys
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from openzone.config import ConfigError, Settings, load
from openzone.bootstrap import bootstrap
from openzone.logs import format_handler, setup_logging
from openzone.parts import ROLES
from storage.migrate import downgrade_url

log = logging.getLogger("openzone")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
EXIT_SIGPIPE = 128 + 13
"""The status a shell reports for a process SIGPIPE ended (`yes | head -1`): `openzone chat`'s when its output closes."""


def _version() -> str:
    try:
        return version("openzone")
    except PackageNotFoundError:
        return "0+unknown"


async def _migrate(settings: Settings) -> None:
    runtime = await bootstrap(settings)
    await runtime.close()
    print(f"Database is up to date ({settings.database.url.split('://')[0]}).")


async def _rotate(settings: Settings) -> None:
    from openzone.keys import rotate
    from storage import Database, upgrade

    db = Database(settings.database.url)
    try:
        await upgrade(db.engine)
        print(await rotate(settings, db, datetime.now(timezone.utc)))
    finally:
        await db.dispose()


async def _chat(settings: Settings, handle: str) -> bool:
    """Chat until the input ends or the person stops; False when the output closed first."""
    from adapters.console import ConsoleSession, console_identity, system_locale

    runtime = await bootstrap(settings)

    async def pump(send, external_id: str) -> int:  # type: ignore[no-untyped-def]
        await runtime.dispatch_all()
        return await runtime.deliver("console", send, external_id)

    try:
        identity = await console_identity(runtime.services, handle)
        session = ConsoleSession(runtime.router, handle, pump=pump, locale=system_locale(os.environ),
                                 identity=identity)
        await session.run()
    finally:
        await runtime.close()
    return not session.output_closed


def _stdout_closed() -> int:
    """End quietly, as Unix tools do, after the reader of stdout has gone (`openzone chat … | head -1`).

    Python ignores SIGPIPE, so the session saw EPIPE and ended; stdout now goes to /dev/null so
    the interpreter's last flush of what could not be written raises nothing at exit.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_SIGPIPE


async def _run(settings: Settings, role: str, command: str) -> None:
    from openzone.serve import serve

    runtime = await bootstrap(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await serve(runtime, role, stop, command=command)
    finally:
        await runtime.close()


def _log_to_file(settings: Settings, level: str) -> None:
    """Send the log to data_dir/logs/console.log: in the console the terminal is the person's chat.

    A handler's failure reaches the person as one line with its ref; its traceback is here.
    """
    path = settings.data_dir / "logs" / "console.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        raise ConfigError("data_dir", str(settings.data_dir), f"a directory OpenZone can write ({exc.strerror})") from None
    format_handler(handler, settings)
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def this_command(config: Path | None) -> str:
    """How to start `openzone` again the way this process was started (for the chat hint).

    `openzone` is seldom on PATH: `make run` starts `.venv/bin/openzone`, tests `python -m openzone`.
    """
    argv0 = sys.argv[0]
    if Path(argv0).name == "__main__.py" or not (os.sep in argv0 or shutil.which(argv0)):
        prog = [_near(sys.executable), "-m", "openzone"]
    else:
        prog = [argv0]
    if config is not None:
        prog += ["--config", str(config)]
    return shlex.join(prog)


def _near(path: str) -> str:
    """`path` relative to the working directory when it lies under it (`.venv/bin/python`)."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _parser() -> argparse.ArgumentParser:
    # --config and --log-level are read before or after the subcommand: `openzone run --config PATH`.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                        help="TOML config (default: $OPENZONE_CONFIG, ./config.toml, built-ins)")
    common.add_argument("--log-level", default=argparse.SUPPRESS, choices=LOG_LEVELS, help="default: INFO")
    parser = argparse.ArgumentParser(prog="openzone", description="OpenZone: a messenger-first social platform.",
                                     parents=[common])
    sub = parser.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", parents=[common], help="run the web view, bots and the outbox worker")
    run.add_argument("--role", default="all", choices=ROLES, help="run one part per process at scale")
    migrate = sub.add_parser("migrate", parents=[common], help="bring the database schema up to date")
    migrate.add_argument("--down", metavar="REV", help="downgrade instead: to REV, or -1 for one step (--down=-1)")
    chat = sub.add_parser("chat", parents=[common], help="chat from the terminal as a local identity")
    chat.add_argument("--as", dest="handle", required=True,
                      help="local identity name, e.g. alice (--as Alice is the same person)")
    keys = sub.add_parser("keys", parents=[common], help="the signing key of links and cookies")
    keys.add_argument("action", choices=["rotate"], help="rotate: a new key (every link and cookie ends)")
    sub.add_parser("version", parents=[common], help="print the version")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Absent unless given, before or after the subcommand (a default in one would undo the other).
    args.config, args.log_level = getattr(args, "config", None), getattr(args, "log_level", "INFO")
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.cmd == "version":
        print(f"openzone {_version()}")
        return 0
    try:
        settings = load(args.config)
        setup_logging(settings)  # before anything is built: no secret in any log line; [log] format
        if args.cmd == "chat":
            _log_to_file(settings, args.log_level)
            if not asyncio.run(_chat(settings, args.handle)):
                return _stdout_closed()
        elif args.cmd == "keys":
            asyncio.run(_rotate(settings))
        elif args.cmd == "migrate" and args.down:
            return asyncio.run(downgrade_url(settings.database.url, args.down))
        elif args.cmd == "migrate":
            asyncio.run(_migrate(settings))
        else:
            asyncio.run(_run(settings, args.role, this_command(args.config)))
    except ConfigError as exc:  # a bad value, a busy port, a directory we can't create: one line
        print(f"openzone: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

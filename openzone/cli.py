"""`openzone run | migrate | chat | version`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from openzone.config import ConfigError, Settings, load
from openzone.bootstrap import bootstrap
from openzone.logs import setup_logging
from openzone.parts import ROLES

log = logging.getLogger("openzone")


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


async def _chat(settings: Settings, handle: str) -> None:
    from adapters.console import ConsoleSession

    runtime = await bootstrap(settings)

    async def pump(send, external_id: str) -> int:  # type: ignore[no-untyped-def]
        await runtime.dispatch_all()
        return await runtime.deliver("console", send, external_id)

    try:
        await ConsoleSession(runtime.chat, handle, pump=pump).run()
    finally:
        await runtime.close()


async def _run(settings: Settings, role: str) -> None:
    from openzone.serve import serve

    runtime = await bootstrap(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await serve(runtime, role, stop)
    finally:
        await runtime.close()


def _log_to_file(path: Path, level: str) -> None:
    """Send the log to `path`: in the console the terminal is the person's chat, not our log.

    A handler's failure reaches the person as one line with its ref; its traceback is here.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        raise ConfigError("data_dir", str(path.parent.parent), f"a directory OpenZone can write ({exc.strerror})") from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="openzone", description="OpenZone: a messenger-first social platform.")
    parser.add_argument("--config", type=Path, help="TOML config (default: $OPENZONE_CONFIG, ./config.toml, built-ins)")
    parser.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    sub = parser.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="run the web view, bots and the outbox worker")
    run.add_argument("--role", default="all", choices=ROLES, help="run one part per process at scale")
    sub.add_parser("migrate", help="bring the database schema up to date")
    chat = sub.add_parser("chat", help="chat from the terminal as a local identity")
    chat.add_argument("--as", dest="handle", required=True, help="local identity name, e.g. alice")
    keys = sub.add_parser("keys", help="the signing key of links and cookies")
    keys.add_argument("action", choices=["rotate"], help="rotate: a new key (every link and cookie ends)")
    sub.add_parser("version", help="print the version")
    args = parser.parse_args(argv)

    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.cmd == "version":
        print(f"openzone {_version()}")
        return 0
    try:
        settings = load(args.config)
    except ConfigError as exc:
        print(f"openzone: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings)  # before anything is built: no secret in any log line; [log] format
    if args.cmd == "chat":
        try:
            _log_to_file(settings.data_dir / "logs" / "console.log", args.log_level)
        except ConfigError as exc:
            print(f"openzone: {exc}", file=sys.stderr)
            return 2
        asyncio.run(_chat(settings, args.handle))
    elif args.cmd == "keys":
        asyncio.run(_rotate(settings))
    elif args.cmd == "migrate":
        asyncio.run(_migrate(settings))
    else:
        asyncio.run(_run(settings, args.role))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Engine, sessions and the unit of work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from core.errors import Conflict
from core.events import Event
from storage.accounts.repo import SqlAccountRepo
from storage.albums.repo import SqlAlbumRepo
from storage.errors import db_errors
from storage.facts import Caches
from storage.guestbook.repo import SqlGuestbookRepo
from storage.moderation.repo import SqlModerationRepo
from storage.outbox.repo import SqlOutboxRepo
from storage.pages import SqlPageReads
from storage.posts.repo import SqlPostRepo
from storage.social.repo import SqlSocialRepo
from storage.sqlite_driver import OneTripDbapi, connector
from storage.state.repo import SqlStateRepo
from storage.visits.repo import SqlVisitRepo
from storage.wallet.repo import SqlWalletRepo


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; SQLite gets WAL, foreign keys and a 30 s wait for locks on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        if parsed.database and parsed.database != ":memory:" and kwargs.pop("one_trip", True):
            # Waiting for another connection's lock happens on aiosqlite's thread (storage.sqlite_driver).
            kwargs["async_creator"] = connector(parsed.database, timeout=30)
            kwargs["module"] = OneTripDbapi()
            # Connections are kept, not made per burst: a new one is a thread, a file handle and a
            # schema parse on its first statement (SQLAlchemy's default keeps 5 and closes the
            # overflow, so 32 pages at once opened and closed connections all the time).
            kwargs.setdefault("pool_size", 40)
            kwargs.setdefault("max_overflow", 40)
            kwargs.setdefault("pool_use_lifo", True)  # the connection used last, its page cache warm
            engine = create_async_engine(url, **kwargs)
        else:
            engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)  # the busy timeout

        @event.listens_for(engine.sync_engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    # As many kept connections as pages served at once: SQLAlchemy's pool closes a connection handed
    # back beyond pool_size, so with 10 kept and 32 pages at once it opened and closed connections all
    # the time (665 server sessions in one bench/web.py run), each a new server process, a
    # handshake, asyncpg's codec set-up and every statement prepared again on it (asyncpg's prepared
    # statements live per connection).
    kwargs.setdefault("pool_size", 40)
    kwargs.setdefault("max_overflow", 20)  # 60 at most: below the server's default max_connections of 100
    kwargs.setdefault("pool_use_lifo", True)  # the connection used last: its statements prepared, its backend warm
    # JIT pays only for long analytic queries. Ours are short, but a plan's cost estimate can pass
    # jit_above_cost all the same: the feed's generic plan with its LIMIT a parameter (costed for a tenth
    # of the inbox) did at 1M posts, and compiled for 23 ms to run a 0.2 ms statement.
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args["server_settings"] = {"jit": "off", **connect_args.get("server_settings", {})}
    engine = create_async_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine.sync_engine, "checkout")
    def _alive(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        # A pooled connection the server has closed (a restart, an idle timeout) is replaced before
        # use. asyncpg notices the closed socket by itself, so asking it costs no round trip — a
        # `pool_pre_ping` would add one to every transaction.
        driver = getattr(dbapi_conn, "_connection", None)
        if driver is not None and driver.is_closed():
            raise DisconnectionError("the server closed this pooled connection")

    return engine


_R = TypeVar("_R")


class _Repo(Generic[_R]):
    """A unit of work's repository, made on first use (a page uses three or four of eleven) and kept
    for the rest of the unit: after the first look it is a plain attribute of the instance."""

    def __init__(self, cls: Callable[[AsyncSession], _R]) -> None:
        self.cls = cls

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, uow: Any, owner: type | None = None) -> _R:
        if uow is None:
            return self  # type: ignore[return-value]  (as functools.cached_property answers the class)
        repo = uow.__dict__[self.name] = self.cls(uow.session)
        return repo


class SqlUnitOfWork:
    """One transaction: repositories share one session; nothing is written without commit()."""

    accounts = _Repo(SqlAccountRepo)
    posts = _Repo(SqlPostRepo)
    social = _Repo(SqlSocialRepo)
    outbox = _Repo(SqlOutboxRepo)
    state = _Repo(SqlStateRepo)
    albums = _Repo(SqlAlbumRepo)
    wallet = _Repo(SqlWalletRepo)
    moderation = _Repo(SqlModerationRepo)
    visits = _Repo(SqlVisitRepo)
    guestbook = _Repo(SqlGuestbookRepo)
    pages = _Repo(SqlPageReads)
    _REPOS = ("accounts", "posts", "social", "outbox", "state", "albums", "wallet", "moderation", "visits",
              "guestbook", "pages")

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self.session: AsyncSession

    async def __aenter__(self) -> SqlUnitOfWork:
        made = self.__dict__
        if "session" in made:  # entered again: the repositories of the last session go with it
            for name in self._REPOS:
                made.pop(name, None)
        self.session = self._sessions()
        self.events: list[Event] = []
        return self

    async def __aexit__(self, *exc: object) -> None:
        # What was not committed is rolled back and the connection goes back to the pool: close()
        # does both (closing the transaction's connection rolls it back, and the pool takes that as
        # the connection's reset). A rollback() before it walked the session's state machine and
        # snapshot for nothing (nothing of the ORM outlives a unit of work): ~a third of a page's end.
        await self.session.close()

    async def commit(self) -> None:
        self.session.info.pop("locked_accounts", None)  # row locks end with the transaction (storage.dialect)
        try:
            with db_errors():
                await self.session.commit()
        except Conflict:
            await self.session.rollback()
            raise

    async def rollback(self) -> None:
        self.events.clear()  # what was raised is undone with the rest
        if (outbox := self.__dict__.get("outbox")) is not None:  # (made on first use: none if unused)
            outbox.added = False
        self.session.info.pop("locked_accounts", None)
        await self.session.rollback()


class Database:
    """Owns the engine; hands out units of work."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.caches = Caches()  # this process's copies of what changes only on write (storage.facts)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False, info={"caches": self.caches})

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions)

    async def dispose(self) -> None:
        await self.engine.dispose()


__all__ = ["Database", "SqlUnitOfWork", "make_engine", "IntegrityError", "OperationalError"]

"""PostgreSQL's pooled connections: one the server closed is replaced before a message uses it.

The pool checks a connection as it hands it out without a round trip (asyncpg knows when the
server closed its socket), instead of a `pool_pre_ping` query in front of every transaction.
"""

from __future__ import annotations

import asyncio

import asyncpg
from sqlalchemy import text

from storage import Database
from tests.builders import World
from tests.conftest import PG_ADMIN


async def _backend(db: Database) -> int:
    async with db.engine.connect() as conn:
        return int((await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_a_pooled_connection_the_server_closed_is_replaced_before_the_next_message_uses_it(pg_url: str) -> None:
    db = Database(pg_url, pool_size=1, max_overflow=0)
    world = await World.start(db)
    try:
        await world.say("alice", "/start")
        first = await _backend(db)
        admin = await asyncpg.connect(PG_ADMIN.replace("postgresql+asyncpg", "postgresql"))
        try:
            await admin.execute("SELECT pg_terminate_backend($1)", first)  # as a restart or an idle timeout would
        finally:
            await admin.close()
        await asyncio.sleep(0.2)  # the closed socket reaches asyncpg
        assert "Posted #" in await world.says("alice", "/post public still here")
        assert await _backend(db) != first
    finally:
        await world.close()

"""Taking the schema down keeps what people wrote: every step from head to 0005 drops columns and
tables of its own feature, never rows of the tables it leaves.

On SQLite a batch-mode column drop rebuilds the table: copy, drop the old one, rename. With foreign
keys on (as migrations run), dropping `accounts` or `posts` deletes their rows first and cascades
into every table pointing at them — one step down would have emptied the whole zone. The downgrades
drop columns in place instead (ALTER TABLE … DROP COLUMN, SQLite 3.35+).
"""

from __future__ import annotations

from sqlalchemy import text

from storage import Database, upgrade
from storage.migrate import downgrade
from tests.builders import World
from tests.integration.test_migrations import _heads, empty_url  # noqa: F401 — the fixture: an empty database of each kind

KEPT = ("accounts", "identities", "posts", "comments", "likes", "friendships")


async def _counts(db: Database) -> dict[str, int]:
    async with db.engine.connect() as conn:
        return {t: int((await conn.execute(text(f"SELECT count(*) FROM {t}"))).scalar_one()) for t in KEPT}


async def test_each_step_down_to_0005_keeps_every_account_post_comment_like_and_friendship(empty_url: str) -> None:
    fresh = Database(empty_url)
    await upgrade(fresh.engine)
    await fresh.dispose()
    world = await World.start(Database(empty_url))
    try:
        await world.befriend("alice", "bob")
        assert "Posted #1" in await world.says("alice", "/post public hello")
        assert "Comment" in await world.says("bob", "/comment #1 nice")
        assert "Liked" in await world.says("bob", "/like #1")
    finally:
        await world.close()
    db = Database(empty_url)
    try:
        before = await _counts(db)
        assert all(before.values()), before
        while (now := await _heads(db)) != ("0005",):
            await downgrade(db.engine, "-1")
            assert await _counts(db) == before, f"rows lost going below {now}"
    finally:
        await db.dispose()

"""Migration 0018 (comments on photos) keeps every comment and reply there was, on both databases,
and the schema it builds refuses a comment on nothing or on two things at once."""

from __future__ import annotations

from collections.abc import AsyncIterator
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage import Database, upgrade
from storage.migrate import downgrade
from tests.integration.test_migrations import empty_url  # noqa: F401 — the fixture: an empty database of each kind


@pytest.fixture
async def below(empty_url: str) -> AsyncIterator[Database]:
    db = Database(empty_url)
    await upgrade(db.engine, "0017_epochs")
    yield db
    await db.dispose()


async def _rows(db: Database) -> list[tuple[int, int | None, int | None, str]]:
    async with db.engine.connect() as conn:
        got = await conn.execute(text("SELECT id, post_id, parent_id, body FROM comments ORDER BY id"))
        return [tuple(r) for r in got]  # type: ignore[misc]


async def _seed(db: Database) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(text("INSERT INTO accounts (id, handle, display_name, bio, default_visibility, "
                                "zone_visibility, link_epoch, created_at, suggestable, guestbook) VALUES "
                                "(1, 'alice', 'Alice', '', 'friends', 'public', 0, CURRENT_TIMESTAMP, true, 'everyone')"))
        await conn.execute(text("INSERT INTO posts (id, author_id, kind, title, body, visibility, status, created_at, "
                                "like_count, comment_count, share_count, comment_policy) VALUES "
                                "(1, 1, 'post', '', 'hi', 'public', 'active', CURRENT_TIMESTAMP, 0, 2, 0, 'open')"))
        await conn.execute(text("INSERT INTO comments (id, post_id, author_id, parent_id, body, created_at, status) "
                                "VALUES (1, 1, 1, NULL, 'head', CURRENT_TIMESTAMP, 'active'), (2, 1, 1, 1, 'reply', CURRENT_TIMESTAMP, 'active')"))


async def test_the_upgrade_keeps_comments_with_their_replies_and_the_replies_still_follow_their_head(
        below: Database) -> None:
    await _seed(below)
    before = await _rows(below)
    await upgrade(below.engine)
    assert await _rows(below) == before == [(1, 1, None, "head"), (2, 1, 1, "reply")]
    async with below.engine.begin() as conn:
        await conn.execute(text("DELETE FROM comments WHERE id = 1"))  # a thread head still takes its replies
    assert await _rows(below) == []


async def test_a_comment_is_on_exactly_one_thing_after_the_upgrade(below: Database) -> None:
    await _seed(below)
    await upgrade(below.engine)
    for post_id, photo_id in ((None, None), (1, 1)):
        with pytest.raises(IntegrityError):
            async with below.engine.begin() as conn:
                if photo_id is not None:
                    await conn.execute(text("INSERT INTO photos (id, owner_id, album_id, post_id, position, caption, "
                                            "alt, width, height, placeholder, files, created_at, like_count) VALUES "
                                            "(1, 1, NULL, 1, 0, '', '', 1, 1, '', '{}', CURRENT_TIMESTAMP, 0)"))
                await conn.execute(text("INSERT INTO comments (post_id, photo_id, author_id, body, created_at, status) "
                                        "VALUES (:post, :photo, 1, 'x', CURRENT_TIMESTAMP, 'active')"),
                                   {"post": post_id, "photo": photo_id})


async def test_the_downgrade_keeps_post_comments_and_drops_only_photo_comments(below: Database) -> None:
    await _seed(below)
    await upgrade(below.engine)
    async with below.engine.begin() as conn:
        await conn.execute(text("INSERT INTO photos (id, owner_id, album_id, post_id, position, caption, alt, width, "
                                "height, placeholder, files, created_at, like_count) VALUES "
                                "(1, 1, NULL, 1, 0, '', '', 1, 1, '', '{}', CURRENT_TIMESTAMP, 0)"))
        await conn.execute(text("INSERT INTO comments (id, post_id, photo_id, author_id, body, created_at, status) "
                                "VALUES (3, NULL, 1, 1, 'on a photo', CURRENT_TIMESTAMP, 'active')"))
    await downgrade(below.engine, "0017_epochs")
    assert await _rows(below) == [(1, 1, None, "head"), (2, 1, 1, "reply")]

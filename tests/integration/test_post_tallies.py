"""The post tallies (migration 0019's triggers) always equal a count of the posts, whatever changed them.

A zone's header sums them instead of counting posts (storage/pages.py), so they must follow every
insert, edit, hide, delete, a circle's deletion and an account's — and a rollback.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import text

from core.model import Account, Post, PostStatus, Visibility
from storage import Database
from tests.privacy_rows import NOW

COUNTED = ("SELECT author_id, visibility, COALESCE(circle_id, 0), status, count(*) FROM posts "
           "GROUP BY author_id, visibility, COALESCE(circle_id, 0), status")
TALLIED = "SELECT author_id, visibility, circle_id, status, n FROM post_tallies WHERE n <> 0"


async def _both(db: Database) -> tuple[set[Any], set[Any]]:
    async with db.engine.connect() as conn:
        counted = {tuple(r) for r in (await conn.execute(text(COUNTED))).all()}
        tallied = {tuple(r) for r in (await conn.execute(text(TALLIED))).all()}
    return counted, tallied


async def test_the_tallies_follow_every_change_to_posts(db: Database) -> None:
    async with db.uow() as uow:
        alice = await uow.accounts.add(Account(id=0, handle="alice", display_name="A", created_at=NOW))
        bob = await uow.accounts.add(Account(id=0, handle="bob", display_name="B", created_at=NOW))
        assert alice is not None and bob is not None
        circle = await uow.social.add_circle(alice.id, "family")
        made = []
        for author in (alice, bob):
            for vis in Visibility:
                made.append(await uow.posts.add(Post(id=0, author_id=author.id, body="x", visibility=vis,
                                                     circle_id=circle.id if vis is Visibility.CIRCLE else None,
                                                     created_at=NOW)))
        await uow.commit()
    counted, tallied = await _both(db)
    assert len(counted) == 8 and counted == tallied

    async with db.uow() as uow:
        first, second, third = made[0], made[1], made[2]
        await uow.posts.save(dataclasses.replace(first, visibility=Visibility.PRIVATE))
        await uow.posts.save(dataclasses.replace(second, status=PostStatus.HIDDEN))
        await uow.posts.save(dataclasses.replace(third, body="edited only"))  # no tallied column changed
        await uow.posts.delete(made[3].id)
        await uow.commit()
    assert (await _both(db))[0] == (await _both(db))[1]

    async with db.uow() as uow:
        await uow.posts.delete(made[4].id)
        await uow.rollback()  # undone: the tallies too
    async with db.uow() as uow:
        await uow.social.delete_circle(circle.id)  # its posts' circle_id becomes NULL
        await uow.commit()
    counted, tallied = await _both(db)
    assert counted == tallied and all(row[2] == 0 for row in counted)

    async with db.uow() as uow:
        await uow.accounts.delete(bob.id)  # his posts go with him
        await uow.commit()
    counted, tallied = await _both(db)
    assert counted == tallied and {row[0] for row in counted} == {alice.id}

"""The in-memory repositories refuse what the schema's unique keys refuse, and write nothing then.

Both raise core.errors.Conflict at the statement — the SQL repositories through storage.errors,
which wraps every repository operation and the commit — what a person should be told ("Someone
changed this at the same moment"), not the driver's IntegrityError.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from core import privacy
from core.albums.model import Album
from core.errors import Conflict
from core.model import Account, Post, Visibility
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.shop.model import NewEntry
from tests.builders import World
from tests.fakes import MemoryDatabase
from tests.privacy_rows import NOW

Step = Callable[[UnitOfWork, int], Awaitable[object]]


def _album(owner: int, slug: str) -> Album:
    return Album(id=0, owner_id=owner, title=slug, slug=slug, created_at=NOW, updated_at=NOW)


async def _rename(uow: UnitOfWork, a: int) -> None:
    other = await uow.albums.by_slug(a, "other")
    assert other is not None
    other.slug = "trip"
    await uow.albums.save(other)


async def _fan_out_again(uow: UnitOfWork, a: int) -> None:
    [post] = await uow.posts.by_author(a, a, privacy.content_rule(privacy.ANONYMOUS), before=None, limit=1)
    await uow.posts.fan_out(post)


async def _first_post(uow: UnitOfWork, a: int) -> None:
    post = await uow.posts.add(Post(id=0, author_id=a, body="x", visibility=Visibility.PUBLIC, created_at=NOW))
    await uow.posts.fan_out(post)


# name: (what is there already, the step that clashes with it)
CLASHES: dict[str, tuple[Step, Step]] = {
    "a circle name per owner": (lambda uow, a: uow.social.add_circle(a, "family"),
                                lambda uow, a: uow.social.add_circle(a, "family")),
    "one request per pair": (lambda uow, a: uow.social.add_request(a, a - 1, NOW),
                             lambda uow, a: uow.social.add_request(a, a - 1, NOW)),
    "a link code": (lambda uow, a: uow.accounts.add_link_code("h", a, NOW + timedelta(minutes=1)),
                    lambda uow, a: uow.accounts.add_link_code("h", a, NOW + timedelta(minutes=1))),
    "an album slug per owner": (lambda uow, a: uow.albums.add(_album(a, "trip")),
                                lambda uow, a: uow.albums.add(_album(a, "trip"))),
    "an album renamed onto another's slug": (
        lambda uow, a: _two_albums(uow, a), _rename),
    "a ledger key": (lambda uow, a: uow.wallet.change(a, 5, NewEntry("grant", key="k"), NOW),
                     lambda uow, a: uow.wallet.change(a, 5, NewEntry("grant", key="k"), NOW)),
    "a post in an inbox": (_first_post, _fan_out_again),
}


async def _two_albums(uow: UnitOfWork, a: int) -> None:
    await uow.albums.add(_album(a, "trip"))
    await uow.albums.add(_album(a, "other"))


async def clash(uows: UnitOfWorkFactory, name: str) -> tuple[bool, object]:
    """Whether the second step was refused, and what the account's wallet and circles hold afterwards."""
    before, step = CLASHES[name]
    async with uows() as uow:
        await uow.accounts.add(Account(id=0, handle="zed", display_name="z", created_at=NOW))
        a = await uow.accounts.add(Account(id=0, handle="alice", display_name="a", created_at=NOW))
        assert a is not None
        await before(uow, a.id)
        await uow.commit()
    refused = False
    async with uows() as uow:
        try:
            await step(uow, a.id)
            await uow.commit()
        except Conflict as exc:
            assert "at the same moment" in exc.message
            refused = True
    async with uows() as uow:
        return refused, ((await uow.wallet.state(a.id)).balance, len(await uow.social.circles_of(a.id)))


@pytest.mark.parametrize("name", list(CLASHES))
async def test_a_unique_key_refuses_in_memory_as_in_the_database(world: World, name: str) -> None:
    in_sql = await clash(world.db.uow, name)
    assert in_sql[0] is True
    assert await clash(MemoryDatabase().uow, name) == in_sql


async def test_in_memory_a_clash_is_a_conflict_a_person_can_be_told() -> None:
    db = MemoryDatabase()
    await clash(db.uow, "a ledger key")
    async with db.uow() as uow:
        with pytest.raises(Conflict, match="at the same moment"):
            await uow.wallet.change(2, 5, NewEntry("grant", key="k"), NOW)
        assert (await uow.wallet.state(2)).balance == 5  # the refused statement changed nothing

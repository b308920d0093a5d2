"""A unique key that trips at the statement, not at commit, is told as a clash — never "Something went wrong".

The rules check before they write (an album's slug, a circle's name…), so a statement-time clash
needs another transaction to commit the same key between the check and the insert. Here the
check is made to miss the album already there, which is exactly what that race looks like to the
command: the INSERT meets the unique key, storage.errors turns the driver's IntegrityError into
core.errors.Conflict, and the person reads what happened (SQLite and PostgreSQL).
"""

from __future__ import annotations

import pytest

from core import privacy
from core.albums.model import Album
from storage.albums.repo import SqlAlbumRepo
from tests.builders import World


async def test_an_album_slug_taken_between_the_check_and_the_insert_is_told_as_a_clash(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = await world.says("alice", "/album new Trip")
    assert "went wrong" not in first and "Trip" in first

    async def check_misses(self: SqlAlbumRepo, owner_id: int, slug: str) -> Album | None:
        return None  # the other album "committed" right after this look-up

    with monkeypatch.context() as m:
        m.setattr(SqlAlbumRepo, "by_slug", check_misses)
        said = await world.says("alice", "/album new Trip")
    assert said == "⚠️ Someone changed this at the same moment — please try again."
    assert "went wrong" not in said
    async with world.db.uow() as uow:  # the refused command wrote nothing
        alice = await uow.accounts.by_handle("alice")
        assert alice is not None
        albums = await uow.albums.by_owner(alice.id, alice.id, privacy.album_rule(privacy.Viewer(alice.id)))
        assert [a.slug for a in albums] == ["trip"]

"""/avatar and /cover: a photo attached (the console: a path), through the media pipeline, kept on the account."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.ports import UnitOfWorkFactory
from tests.builders import World
from tests.images import attachment, photo
from tests.integration.test_console_session import chat, config  # noqa: F401 — the fixture
from tests.integration.test_memory_repos_match_sql import agree, people

__all__ = ["config"]


async def test_an_avatar_goes_through_the_pipeline_and_is_shown_back(world: World) -> None:
    [set_] = await world.say("alice", "/avatar", attachments=(attachment(photo(gps=True)),))
    assert set_.plain_text.startswith("✅ Your avatar is set")
    assert len(set_.images) == 1 and b"PhoneMaker" not in set_.images[0].data  # re-encoded, stripped
    async with world.db.uow() as uow:
        alice = await uow.accounts.by_handle("alice")
        assert alice is not None and alice.avatar is not None
        assert set(alice.avatar.values()) <= await uow.albums.media_keys()  # the media sweep keeps it
    [shown] = await world.say("alice", "/avatar")
    assert shown.plain_text == "Your avatar:" and len(shown.images) == 1
    [me] = await world.say("alice", "/me")
    assert me.face is not None and me.face.name == "Avatar of Alice" and not me.images  # the profile shows the face
    assert await me.face.image() is not None
    assert "initials again" in await world.says("alice", "/avatar remove")
    assert "no avatar yet" in await world.says("alice", "/avatar")


async def test_a_cover_is_kept_apart_from_the_avatar(world: World) -> None:
    assert "cover is set" in await world.says("alice", "/cover", attachments=(attachment(photo(1200, 400)),))
    assert "no avatar yet" in await world.says("alice", "/avatar")
    [shown] = await world.say("alice", "/cover")
    assert len(shown.images) == 1
    assert "cover is removed" in await world.says("alice", "/cover remove")


async def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_kept(world: World) -> None:
    answer = await world.says("alice", "/avatar", attachments=(attachment(b"not an image", "x.jpg"),))
    assert answer.startswith("⚠️")
    assert "no avatar yet" in await world.says("alice", "/avatar")


async def test_avatar_in_chinese(world: World) -> None:
    await world.say("alice", "/lang zh")
    assert "还没有头像" in await world.says("alice", "/avatar")


def test_the_console_sends_the_file_a_path_names(config: Path, tmp_path: Path) -> None:  # noqa: F811
    picture = tmp_path / "me.jpg"
    picture.write_bytes(photo(gps=True))
    out = chat(config, "alice", f"/avatar {picture}\n/avatar {tmp_path / 'missing.jpg'}\n/cover {picture}\n")
    assert "✅ Your avatar is set" in out and "✅ Your zone's cover is set." in out
    assert f"⚠️ There is no file at {tmp_path / 'missing.jpg'}. Usage: /avatar PATH" in out


async def picture_rows(uows: UnitOfWorkFactory) -> list[Any]:
    async with uows() as uow:
        [a] = await people(uow, "alice")
        await uow.accounts.set_picture(a, "avatar", {"320.jpg": "k1", "1280.jpg": "k2"})
        await uow.accounts.set_picture(a, "cover", {"320.jpg": "k3"})
        got = await uow.accounts.get(a)
        assert got is not None
        seen: list[Any] = [got.avatar, got.cover, sorted(await uow.albums.media_keys())]
        await uow.accounts.set_picture(a, "cover", None)
        got = await uow.accounts.get(a)
        assert got is not None
        seen += [got.cover, sorted(await uow.albums.media_keys())]
        await uow.commit()
    return seen


async def test_the_memory_pictures_behave_as_the_sql_ones(world: World) -> None:
    seen = await agree(world, picture_rows)
    assert seen[2] == ["k1", "k2", "k3"] and seen[3] is None

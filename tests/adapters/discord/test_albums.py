"""Albums through the real discord.py client and the fake Discord: several attachments in, a gallery out."""

from __future__ import annotations

from tests.adapters.discord.conftest import ALICE, BOB, Talk
from tests.adapters.discord.fake_discord import FakeDiscord, option
from tests.builders import World
from tests.images import photo


async def test_several_attachments_on_one_dm_are_one_batch_with_one_reply(
    talk: Talk, fake: FakeDiscord, world: World,
) -> None:
    await talk.dm(ALICE, "/album new Trip", until="made")
    files = [fake.add_attachment(photo(colour=(n * 70, 20, 20)), f"img{n}.jpg", "image/jpeg") for n in range(3)]
    sent = await talk.dm(ALICE, "#trip first day", until="added to", attachments=files)
    assert sent[-1].json["content"].startswith("3 photos added to Trip.")
    async with world.db.uow() as uow:
        photos = await uow.albums.photos(1)
    assert [p.caption for p in photos] == ["first day"] * 3


async def test_a_bad_file_in_a_batch_is_named_and_the_rest_are_kept(
    talk: Talk, fake: FakeDiscord, world: World,
) -> None:
    await talk.dm(ALICE, "/album new Trip", until="made")
    files = [fake.add_attachment(photo(), "ok.jpg", "image/jpeg"),
             fake.add_attachment(b"MZ\x90\x00" + b"\0" * 100, "setup.exe", "application/octet-stream")]
    sent = await talk.dm(ALICE, "#trip", until="added to", attachments=files)
    content = sent[-1].json["content"]
    assert content.startswith("1 photo added to Trip")
    assert "setup.exe (#2): That file isn't a photo I can read" in content.replace("\\", "")
    async with world.db.uow() as uow:
        assert len(await uow.albums.photos(1)) == 1


async def test_a_friend_sees_the_album_as_a_gallery_with_a_web_link(
    talk: Talk, fake: FakeDiscord, world: World,
) -> None:
    await talk.dm(ALICE, "/album new Trip friends", until="made")
    files = [fake.add_attachment(photo(colour=(0, n * 90, 0)), f"p{n}.jpg", "image/jpeg") for n in range(2)]
    await talk.dm(ALICE, "#trip", until="added to", attachments=files)
    await talk.slash("friend", BOB, option("handle", "alice"))
    await talk.slash("accept", ALICE, option("handle", "bob"))
    calls = await talk.slash("album", BOB, option("show", type=1, options=[option("album", "@alice Trip")]),
                             until="Trip")
    shown = [c for c in calls if c.files]
    assert len(shown) == 1 and len(shown[0].files) == 2
    [[button]] = [row["components"] for row in shown[0].json["data"]["components"]]
    assert button["url"].startswith("https://zone.openzone.app/z/alice/albums/1?t=")  # signed for the viewer

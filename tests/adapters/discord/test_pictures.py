"""Pictures where people expect them on Discord: a post's photos in its card's embed, several as a gallery."""

from __future__ import annotations

from tests.adapters.discord.conftest import ALICE, BOB, GUILD, Talk, data
from tests.adapters.discord.fake_discord import FakeDiscord, option
from tests.builders import World
from tests.images import photo


async def test_a_post_with_one_photo_shows_it_inside_its_card(talk: Talk, fake: FakeDiscord) -> None:
    files = [fake.add_attachment(photo(), "lake.jpg", "image/jpeg")]
    sent = await talk.dm(ALICE, "/post public the lake", until="embeds", attachments=files)
    card = sent[-1]
    [embed] = card.json["embeds"]
    assert embed["description"] == "the lake"
    assert embed["image"]["url"] == "attachment://p1.jpg"
    assert [name for name in card.filenames.values()] == ["p1.jpg"]

    [shown] = [c for c in await talk.slash("show", BOB, option("id", "#1"), until="embeds") if c.files]
    assert data(shown)["embeds"][0]["image"]["url"] == "attachment://p1.jpg"


async def test_a_post_with_three_photos_is_one_card_with_a_gallery(talk: Talk, fake: FakeDiscord) -> None:
    files = [fake.add_attachment(photo(colour=(n * 70, 20, 20)), f"img{n}.jpg", "image/jpeg") for n in range(3)]
    sent = await talk.dm(ALICE, "/post public trip", until="embeds", attachments=files)
    card = sent[-1].json
    assert len(card["embeds"]) == 3
    assert {e["url"] for e in card["embeds"]} == {card["embeds"][0]["url"]}  # one url: Discord's gallery
    assert [e["image"]["url"] for e in card["embeds"]] == [f"attachment://p{n}.jpg" for n in (1, 2, 3)]
    assert card["embeds"][0]["title"] == "#1" and card["components"]


async def test_slash_post_takes_photos_through_its_attachment_options(
    talk: Talk, fake: FakeDiscord, world: World
) -> None:
    [post] = [c for c in fake.global_commands if c["name"] == "post"]
    assert [(o["name"], o["type"], o.get("required", False)) for o in post["options"] if o["type"] == 11] == [
        ("photo", 11, False), ("photo2", 11, False), ("photo3", 11, False), ("photo4", 11, False)]
    files = [fake.add_attachment(photo(colour=(0, 90 * n, 0)), f"up{n}.jpg", "image/jpeg") for n in range(2)]
    payload = fake.slash_command(
        "post", user_id=ALICE, guild_id=GUILD,
        options=[option("audience", "public"), option("text", "two views"),
                 option("photo", files[0]["id"], type=11), option("photo2", files[1]["id"], type=11)],
        resolved={"attachments": {f["id"]: f for f in files}})
    await fake.dispatch("INTERACTION_CREATE", payload)
    await fake.wait_for_call("POST", rf"/interactions/{payload['id']}/[^/]+/callback")
    [answer] = fake.interaction_responses(payload["id"])
    assert data(answer)["content"] == "Posted #1 to public with 2 photos."
    assert [e["image"]["url"] for e in data(answer)["embeds"]] == ["attachment://p1.jpg", "attachment://p2.jpg"]
    async with world.db.uow() as uow:
        assert len((await uow.albums.post_photos([1]))[1]) == 2

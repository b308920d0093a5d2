"""Native input on Discord: Comment and Report open a modal; what is typed there is the answer."""

from __future__ import annotations

from tests.adapters.discord.conftest import ALICE, BOB, GUILD, Talk, data, message_of, post_text
from tests.adapters.discord.fake_discord import FakeDiscord

MODAL = 9


async def test_comment_in_a_server_opens_a_modal_and_its_text_becomes_the_comment(
    talk: Talk, fake: FakeDiscord
) -> None:
    card = (await talk.slash("post", ALICE, *post_text("public", "hi"), until="embeds"))[-1]
    [opened] = await talk.press("oz:cmt:1", BOB, message_of(fake, card))
    assert opened.json["type"] == MODAL
    modal = opened.json["data"]
    assert modal["title"] == "Your comment on #1"
    [[box]] = [row["components"] for row in modal["components"]]
    assert (box["type"], box["style"], box["label"]) == (4, 2, "Your comment on #1")

    submit = fake.modal_submit(modal["custom_id"], {box["custom_id"]: "lovely\nsecond line"}, user_id=BOB,
                               guild_id=GUILD)
    await fake.dispatch("INTERACTION_CREATE", submit)
    await fake.wait_for_call("POST", rf"/interactions/{submit['id']}/[^/]+/callback")
    [answer] = fake.interaction_responses(submit["id"])
    assert data(answer)["content"] == "c1 Comment added to #1."
    shown = await talk.slash("show", BOB, {"name": "id", "type": 3, "value": "#1"}, until="lovely")
    assert any("lovely\\nsecond line" in str(c.json) for c in shown)


async def test_report_opens_a_modal_asking_what_is_wrong(talk: Talk, fake: FakeDiscord) -> None:
    await talk.slash("post", ALICE, *post_text("public", "spam"), until="embeds")
    card = (await talk.slash("show", BOB, {"name": "id", "type": 3, "value": "#1"}, until="embeds"))[-1]
    [opened] = await talk.press("oz:rep:1", BOB, message_of(fake, card))
    assert opened.json["type"] == MODAL
    custom_id = opened.json["data"]["components"][0]["components"][0]["custom_id"]
    submit = fake.modal_submit(opened.json["data"]["custom_id"], {custom_id: "it is spam"}, user_id=BOB,
                               guild_id=GUILD)
    await fake.dispatch("INTERACTION_CREATE", submit)
    await fake.wait_for_call("POST", rf"/interactions/{submit['id']}/[^/]+/callback")
    [answer] = fake.interaction_responses(submit["id"])
    assert "was reported" in data(answer)["content"]

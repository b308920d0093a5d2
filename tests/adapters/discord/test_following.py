"""Messages that follow what happened, on Discord: a pressed button updates its message (type 7)."""

from __future__ import annotations

import copy
from typing import Any

from tests.adapters.discord.conftest import ALICE, BOB, PUBLIC_URL, Talk, data, message_of
from tests.adapters.discord.fake_discord import FakeDiscord, option

UPDATE_MESSAGE = 7


def _buttons(message: dict[str, Any]) -> list[str]:
    return [b.get("custom_id") or b["url"] for row in message["components"] for b in row["components"]]


async def test_like_in_a_dm_flips_to_unlike_and_keeps_report_and_the_signed_zone_link(
    talk: Talk, fake: FakeDiscord
) -> None:
    await talk.slash("post", ALICE, option("audience", "public"), option("text", "hi"), until="embeds")
    await talk.slash("show", BOB, option("id", "#1"), guild=False, until="embeds")
    [message] = [m for m in fake.messages.values()
                 if m["embeds"] and m["channel_id"] == fake.dm_channel(BOB)["id"]]
    before = _buttons(message)
    assert before[0] == "oz:like:1" and "oz:rep:1" in before
    assert before[2].startswith(f"{PUBLIC_URL}/z/alice?t=")

    edit, _note = await talk.press("oz:like:1", BOB, message, until="Liked")
    assert edit.json["type"] == UPDATE_MESSAGE
    assert _buttons(fake.messages[int(message["id"])]) == ["oz:unlike:1", *before[1:]]
    assert fake.messages[int(message["id"])]["components"][0]["components"][0]["label"] == "👎 Unlike #1"


async def test_accepting_a_request_turns_it_into_the_outcome_without_buttons(talk: Talk, fake: FakeDiscord) -> None:
    await talk.slash("start", BOB)
    await talk.slash("friend", ALICE, option("handle", "bob"))
    assert await talk.notify() == 1
    [request] = [m for m in fake.messages.values() if "acc:alice" in str(m.get("components"))]
    stale = copy.deepcopy(request)  # as a second client still shows it
    [answer] = await talk.press("oz:acc:alice", BOB, request)
    assert answer.json["type"] == UPDATE_MESSAGE
    assert data(answer)["content"] == "✓ Friends — you and alice (@alice) are now friends."
    assert fake.messages[int(request["id"])]["components"] == []

    [again] = await talk.press("oz:acc:alice", BOB, stale)
    assert data(again)["content"] == "✓ Friends — you and alice (@alice) are already friends."


async def test_feed_is_one_message_a_page_and_more_turns_the_page_in_the_same_message(
    talk: Talk, fake: FakeDiscord
) -> None:
    for n in range(12):
        await talk.slash("post", ALICE, option("audience", "public"), option("text", f"note {n}"), until="embeds")
    [page] = await talk.slash("feed", ALICE, until="Your feed")
    content = data(page)["content"]
    assert content.startswith("**📰 Your feed, newest first**\n\n**\\#12** · alice (@alice) · 🌍 public")
    assert [line for line in content.split("\n") if line.startswith("note")] == [f"note {n}" for n in range(11, 1, -1)]
    assert len(content) <= 2000
    message = message_of(fake, page)
    assert _buttons(message) == [*(f"oz:like:{n}" for n in range(12, 2, -1)), "oz:more:feed:3",
                                 f"{PUBLIC_URL}/z/alice?t=" + _buttons(message)[-1].split("?t=")[1]]

    [turned] = await talk.press("oz:more:feed:3", ALICE, message)
    assert turned.json["type"] == UPDATE_MESSAGE
    shown = fake.messages[int(message["id"])]["content"]
    assert [line for line in shown.split("\n") if line.startswith("note")] == ["note 1", "note 0"]
    assert "oz:more" not in str(fake.messages[int(message["id"])]["components"])

"""A question-gated album: listed with its question, locked until answered, then seen in chat and on the web."""

from __future__ import annotations

import re
from pathlib import Path

from tests.images import photo
from tests.journeys.conftest import Town
from tests.journeys.people import Browser


async def test_a_gated_album_opens_in_chat_and_on_the_web_once_its_question_is_answered(
    town: Town, tmp_path: Path,
) -> None:
    alice, gina = town.console("alice"), await town.telegram("gina")
    await alice.says("/start")
    await gina.says("/start")
    assert "Secret garden" in await alice.says("/album new Secret garden public")
    for n, colour in enumerate([(30, 160, 60), (200, 180, 40)], 1):
        path = tmp_path / f"garden{n}.jpg"
        path.write_bytes(photo(800, 600, colour))
        assert "added to Secret garden" in await alice.says(f"/photo add Secret garden {path}")
    gated = await alice.says("/album question Secret garden What is my cat called? | Miso")
    assert "What is my cat called?" in gated and "Miso" not in gated

    # Gina, a stranger on Telegram, sees the album and its question, but not its photos.
    listing = await gina.says("/album list alice")
    assert "Secret garden" in listing and "question" in listing
    locked = await gina.says("/album show @alice Secret garden")
    assert "What is my cat called?" in locked and "[image" not in locked
    web = await town.browser()
    status, page = await web.open_link_in(await gina.says("/zone alice"))
    assert status == 200
    status, albums = await web.open("/z/alice/albums")
    assert status == 200 and "Secret garden" in albums and "answer to open" in albums
    status, album = await web.open(await _album_link(web))
    assert status == 200 and "What is my cat called?" in album, album
    assert await web.pictures(await _album_link(web)) == {}

    # A wrong answer, then the right one (any case, extra spaces), in her DM with the bot.
    assert "Miso" not in (wrong := await gina.says("/album answer alice Secret garden Felix"))
    assert "Right" not in wrong
    assert "Right" in await gina.says("/album answer alice Secret garden   miso ")

    opened = await gina.says("/album show @alice Secret garden")
    assert opened.count("[image") == 2, opened
    status, albums = await web.open("/z/alice/albums")
    assert status == 200 and "answer to open" not in albums
    status, album = await web.open(await _album_link(web))
    assert status == 200 and "Secret garden" in album and "answer to open" not in album
    pictures = await web.pictures(await _album_link(web))
    assert len(pictures) >= 2 and set(pictures.values()) == {200}, pictures

    # Someone who never answered gets none of those pictures, even with their exact URLs.
    hal, hals_web = town.console("hal"), await town.browser()
    await hals_web.open_link_in(await hal.says("/zone alice"))
    assert 200 not in await hals_web.load(list(pictures)), pictures


async def _album_link(web: Browser) -> str:
    """The album's page, as its card on the zone's album list links to it."""
    resp = await web.client.get("/z/alice/albums")
    links = re.findall(r'href="(/z/alice/albums/\d+)"', await resp.text())
    assert links, await resp.text()
    return links[0]

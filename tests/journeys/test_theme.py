"""Coins earned and granted, a theme bought from the shop and worn, and the zone wearing it on the web."""

from __future__ import annotations

import re

from tests.journeys.conftest import Town


async def test_a_theme_bought_with_earned_and_granted_coins_is_worn_on_the_web_zone(town: Town) -> None:
    tess, admin = await town.telegram("tess"), town.console("admin")
    await tess.says("/start")
    assert "Posted #1" in await tess.says("/post public my very first post")  # 5 coins: first post of the day
    checkin = await tess.says("/checkin")
    assert "+10 coins" in checkin and "Balance: 15" in checkin

    # Too few coins: she is told how many are missing, and offered no Buy button.
    short = await tess.says("/buy sakura")
    assert "120" in short and "you have 15" in short.lower() and "105" in short, short
    assert not re.search(r"\[[^\]]*Buy", short), short  # no button to buy what she can't pay for

    # The admin grants coins from the console; Tess finds them in her wallet on Telegram.
    await admin.says("/handle mia")
    await admin.says("/name Mia")
    assert "Role: admin" in await admin.says("/me")
    assert "/grant" in await admin.says("/help shop")
    assert "/grant" not in await tess.says("/help shop")
    granted = await admin.says("/grant tess 200 welcome to the neighbourhood")
    assert "200" in granted and "tess" in granted
    wallet = await tess.says("/wallet")
    assert "💰 215 coins" in wallet and "+200" in wallet

    # The shop, the Buy button, the confirmation, and the purchase made once.
    shop = await tess.says("/shop theme")
    assert "Sakura (sakura) — 120 coins" in shop and "[🛒 Sakura · 120]" in shop
    confirm = await tess.press("🛒 Sakura · 120")
    assert "Sakura" in confirm and "120" in confirm
    bought = await tess.press("✅ Buy for 120")
    assert "Sakura is yours" in bought and "Balance: 95 coins" in bought
    await tess.press_again()  # a double tap buys once
    assert "💰 95 coins" in await tess.says("/wallet")

    # Worn: her zone on the web now carries the theme, for her and for a visitor with no link.
    assert "Sakura" in await tess.says("/theme sakura")
    assert "sakura" in await tess.says("/inventory")
    own, visitor = await town.browser(), await town.browser()
    await own.open_link_in(await tess.says("/zone"))
    for browser in (own, visitor):
        page = await (await browser.client.get("/z/tess")).text()
        [sheet] = re.findall(r'<link rel="stylesheet" href="(/themes/sakura\.[^"]+\.css)"', page)
        css = await browser.client.get(sheet)
        assert css.status == 200 and "--oz-" in await css.text()
        assert "my very first post" in page
    status, preview = await visitor.open("/shop")
    assert status == 200 and "Sakura" in preview

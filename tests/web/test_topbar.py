"""The top bar in a real headless Chromium: one line where the window has room, never wider than the window."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.builders import World
from tests.web.conftest import zone_link

pytestmark = pytest.mark.browser
# How the bar's items sit at the window's width: on one line or not, inside the window or not,
# and where the bar and the column under it begin.
LAYOUT = """
const bar = document.querySelector('.topbar-inner');
const boxes = [...bar.children].map(e => e.getBoundingClientRect());
return {
  oneLine: Math.max(...boxes.map(b => b.top)) < Math.min(...boxes.map(b => b.bottom)),
  inside: boxes.every(b => b.left >= 0 && b.right <= document.documentElement.clientWidth),
  noSideScroll: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
  unread: !!bar.querySelector('.unread'),
  barLeft: Math.round(bar.getBoundingClientRect().left),
  columnLeft: Math.round(document.querySelector('main').getBoundingClientRect().left),
};
"""


def _layouts(driver: Any, url: str, widths: tuple[int, ...]) -> dict[int, dict[str, Any]]:
    driver.get(url)
    found = {}
    for width in widths:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False})
        found[width] = driver.execute_script(LAYOUT)
    return found


async def test_the_signed_in_bar_with_unread_notifications_stays_on_one_line_from_1100_px(
    served: tuple[World, str], driver: Any,
) -> None:
    world, base = served
    await world.befriend("alice", "bob")
    pid = await world.post_id("alice", "/post public hello")
    await world.say("bob", f"/like {pid}")
    await world.say("bob", f"/comment {pid} nice")
    await world.deliver()  # alice has unread notifications
    link = await zone_link(world, "alice")
    seen = await asyncio.to_thread(_layouts, driver, base + link, (1100, 1400, 375))
    assert all(layout["unread"] for layout in seen.values())
    assert (seen[1100]["oneLine"], seen[1400]["oneLine"]) == (True, True)
    # A phone's bar takes more lines, all of it inside the window.
    assert [(w, seen[w]["inside"], seen[w]["noSideScroll"]) for w in seen] == [(w, True, True) for w in seen]


async def test_a_bar_with_room_to_spare_lines_up_with_the_column_under_it(
    served: tuple[World, str], driver: Any,
) -> None:
    world, base = served
    await world.say("alice", "/post public hello")
    seen = await asyncio.to_thread(_layouts, driver, f"{base}/z/alice", (1100, 1400, 375))
    assert [(w, s["barLeft"]) for w, s in seen.items()] == [(w, s["columnLeft"]) for w, s in seen.items()]
    assert (seen[1100]["oneLine"], seen[1400]["oneLine"]) == (True, True)

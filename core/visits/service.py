"""Visits: recorded when a signed-in person opens someone else's zone, listed to the zone's owner."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from core import privacy
from core.errors import NotFound
from core.i18n import _
from core.model import Account
from core.ports import UnitOfWork
from core.privacy import Viewer
from core.shop.catalog import Badge, Catalog
from core.shop.rewards import local_day
from core.social.friends import can_open_zone
from core.visits.model import CLOAK, RECENT, RecentVisitor, VisitCounts


def cloak_ids(catalog: Catalog) -> tuple[str, ...]:
    """The items with the invisibility perk (the cloak)."""
    return tuple(item.id for item in catalog.of("badge") if isinstance(item, Badge) and item.perk == CLOAK)


async def cloaked(uow: UnitOfWork, catalog: Catalog, account_id: int) -> bool:
    """Whether the account holds an item with the invisibility perk (the cloak)."""
    for item_id in cloak_ids(catalog):
        if await uow.wallet.owns(account_id, item_id):
            return True
    return False


def day_of(now: datetime, time_zone: str | None, *, site_zone: str) -> str:
    """The zone's calendar day at `now` when its owner keeps `time_zone` (their /timezone, else the
    site's `site_zone`, config's `[site] time_zone`: the zone a /checkin day falls in for them too)."""
    return local_day(now, time_zone or site_zone).isoformat()


def days_around(now: datetime) -> tuple[str, ...]:
    """Every day some zone may be on at `now` (UTC's, and the ones before and after: offsets are under a day)."""
    utc = now.astimezone(timezone.utc).date()
    return tuple((utc + timedelta(days=n)).isoformat() for n in (-1, 0, 1))


async def zone_day(uow: UnitOfWork, now: datetime, owner: Account, *, site_zone: str) -> str:
    """The zone's calendar day at `now`: the owner's (their /timezone, else the site's)."""
    return day_of(now, (await uow.wallet.state(owner.id)).timezone, site_zone=site_zone)


async def record_visit(uow: UnitOfWork, now: datetime, catalog: Catalog, viewer: Viewer, owner: Account, *,
                       site_zone: str) -> bool:
    """Record that `viewer` opened `owner`'s zone: once per viewer, zone and day; True when recorded.

    Nothing for an anonymous viewer, the owner, someone the zone is closed to, or a cloak's holder.
    """
    visitor_id = viewer.account_id
    if visitor_id is None or visitor_id == owner.id:
        return False
    if not await can_open_zone(uow, viewer, owner) or await cloaked(uow, catalog, visitor_id):
        return False
    return await uow.visits.record(owner.id, visitor_id, await zone_day(uow, now, owner, site_zone=site_zone), now)


async def record_seen(uow: UnitOfWork, now: datetime, viewer: Viewer, owner: Account, *, open: bool, cloaked: bool,
                      time_zone: str | None, site_zone: str, last_day: str | None) -> bool:
    """record_visit when the page has read the facts already (core.pages.ZoneFacts): whether the zone
    is open to the viewer, whether they hold a cloak, the owner's time zone, the viewer's latest
    recorded day. No statement when that day is today; else the claim decides, as always."""
    visitor_id = viewer.account_id
    if visitor_id is None or visitor_id == owner.id or not open or cloaked:
        return False
    day = day_of(now, time_zone, site_zone=site_zone)
    if last_day == day:
        return False
    return await uow.visits.record(owner.id, visitor_id, day, now)


async def counts(uow: UnitOfWork, now: datetime, owner: Account, *, site_zone: str) -> VisitCounts:
    """The zone's visits today (the owner's day) and in all."""
    return await uow.visits.counts(owner.id, await zone_day(uow, now, owner, site_zone=site_zone))


async def recent(uow: UnitOfWork, owner: Account, limit: int = RECENT) -> list[RecentVisitor]:
    """The owner's recent visitors, newest first, as privacy.visitor_rule shows them to the owner."""
    found = await uow.visits.recent(owner.id, owner.id, privacy.visitor_rule(Viewer(owner.id)), limit)
    people = await uow.accounts.get_many([i for i, _at in found])
    return [RecentVisitor(people[i], at) for i, at in found if i in people]


async def remove(uow: UnitOfWork, owner: Account, visitor: Account) -> None:
    """Take `visitor` off the owner's visitor list (their visits still count); NotFound when not on it."""
    if not await uow.visits.remove(owner.id, visitor.id):
        raise NotFound(_("@{handle} isn't in your visitors. /visitors lists them.").format(handle=visitor.handle))

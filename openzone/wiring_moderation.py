"""Moderation wiring: the config's admins and words into the database, and the expiry sweep."""

from __future__ import annotations

import logging

from core.moderation import actions as moderation, reports as moderation_reports
from core.ports import Clock, UnitOfWorkFactory
from openzone.config import Settings

log = logging.getLogger(__name__)


async def prepare(uow_factory: UnitOfWorkFactory, clock: Clock, settings: Settings) -> None:
    """At start: mirror configured admins (so reports reach them) and re-apply the config's words."""
    async with uow_factory() as uow:
        await moderation.sync_admins(uow, clock.now(), settings.admin_map())
        await moderation_reports.sync_config_words(uow, settings.moderation.filter_entries())
        await uow.commit()


async def expire(uow_factory: UnitOfWorkFactory, clock: Clock) -> int:
    """Lift bans and mutes whose time is up, so zones come back on the web without a chat message."""
    async with uow_factory() as uow:
        lifted = await moderation.expire(uow, clock.now())
        if lifted:
            await uow.commit()
        return len(lifted)

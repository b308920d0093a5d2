"""Who sees which command menu: staff commands only in the chats of staff (admins by configuration,
moderators appointed from chat). Messengers with per-chat menus (Telegram) ask this at start;
a promotion or demotion later reaches them as a notice carrying `Reply.menu`."""

from __future__ import annotations

from core.moderation import actions as moderation
from handlers.context import Services


async def staff_menus(services: Services, platform: str) -> list[tuple[str, str]]:
    """(external id, role) of every staff member's identity on `platform`, admins from config included."""
    found: dict[str, str] = {ext: "admin" for ext in services.admins.get(platform, frozenset())}
    async with services.uow_factory() as uow:
        for account_id in await uow.moderation.staff_ids():
            account = await uow.accounts.get(account_id)
            if account is None:
                continue
            role = (await moderation.role_of(uow, services.admins, account)).value
            for ident in await uow.accounts.identities(account_id):
                if ident.platform == platform and role != "user":
                    found.setdefault(ident.external_id, role)
    return sorted(found.items())


__all__ = ["staff_menus"]

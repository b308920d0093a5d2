"""Rows → core dataclasses (no lazy loading ever leaves storage)."""

from __future__ import annotations

from core.model import Account, GuestbookAccess, Identity, Visibility, ZoneVisibility
from storage.accounts.tables import AccountRow, IdentityRow


def account(row: AccountRow) -> Account:
    return Account(
        id=row.id, handle=row.handle, display_name=row.display_name, bio=row.bio,
        default_visibility=Visibility(row.default_visibility),
        zone_visibility=ZoneVisibility(row.zone_visibility), link_epoch=row.link_epoch,
        created_at=row.created_at, language=row.language, language_hint=row.language_hint,
        suggestable=bool(row.suggestable), avatar=row.avatar, cover=row.cover,
        guestbook=GuestbookAccess(row.guestbook or GuestbookAccess.EVERYONE.value),
    )


def identity(row: IdentityRow) -> Identity:
    return Identity(
        platform=row.platform, external_id=row.external_id, account_id=row.account_id,
        display_name=row.display_name, reachable=row.reachable, id=row.id,
    )

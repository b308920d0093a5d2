"""Accounts, identities and link codes in memory (storage/accounts.py's semantics)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from core.model import Account, Identity
from core.ports import IdentityState
from tests.fakes.tables import IdentityRow, Store, Tables, as_json, clash


def _out(account: Account) -> Account:
    return replace(account, default_circle_id=None)  # not a column: storage never keeps it


def _identity(t: Tables, platform: str, external_id: str) -> IdentityRow | None:
    return next((r for r in t.identities.values() if (r.platform, r.external_id) == (platform, external_id)), None)


class MemoryAccountRepo:
    def __init__(self, uow: Store) -> None:
        self.uow = uow

    async def get(self, account_id: int) -> Account | None:
        found = self.uow.read.accounts.get(account_id)
        return _out(found) if found else None

    async def get_many(self, ids: list[int]) -> dict[int, Account]:
        t = self.uow.read
        return {i: _out(t.accounts[i]) for i in ids if i in t.accounts}

    async def by_handle(self, handle: str) -> Account | None:
        found = next((a for a in self.uow.read.accounts.values() if a.handle == handle), None)
        return _out(found) if found else None

    async def by_identity(self, platform: str, external_id: str) -> Account | None:
        found = await self.by_identity_state(platform, external_id)
        return found.account if found else None

    async def by_identity_state(self, platform: str, external_id: str) -> IdentityState | None:
        t = self.uow.read
        row = _identity(t, platform, external_id)
        if row is None or row.account_id not in t.accounts:
            return None
        sanctioned = any(k[0] == row.account_id for k in t.sanctions)
        wallet = t.wallets.get(row.account_id)
        return IdentityState(_out(t.accounts[row.account_id]), row.reachable, as_json(row.flow), row.flow_expires_at,
                             sanctioned=sanctioned, time_zone=wallet.timezone if wallet is not None else None)

    async def set_flow(
        self, platform: str, external_id: str, flow: dict[str, Any] | None, expires_at: datetime | None,
    ) -> None:
        t = await self.uow.write()
        if (row := _identity(t, platform, external_id)) is not None:
            t.identities[row.id] = replace(row, flow=as_json(flow), flow_expires_at=expires_at)

    async def add(self, account: Account) -> Account | None:
        t = await self.uow.write()
        if any(a.handle == account.handle for a in t.accounts.values()):
            return None  # ON CONFLICT DO NOTHING: an answer, not an error
        stored = replace(account, id=t.next_id("accounts"), default_circle_id=None)
        t.accounts[stored.id] = stored
        return _out(stored)

    async def set_picture(self, account_id: int, which: str, files: dict[str, str] | None) -> None:
        if which not in ("avatar", "cover"):
            raise ValueError(f"no picture called {which!r}")
        t = await self.uow.write()
        if (old := t.accounts.get(account_id)) is not None:
            t.accounts[account_id] = replace(old, **{which: as_json(files)})

    async def save(self, account: Account) -> None:
        t = await self.uow.write()
        if (old := t.accounts.get(account.id)) is not None:
            t.accounts[account.id] = replace(
                old, display_name=account.display_name, bio=account.bio,
                default_visibility=account.default_visibility, zone_visibility=account.zone_visibility,
                link_epoch=account.link_epoch, suggestable=account.suggestable, guestbook=account.guestbook,
            )

    async def set_language(self, account_id: int, language: str | None) -> None:
        t = await self.uow.write()
        if account_id in t.accounts:
            t.accounts[account_id] = replace(t.accounts[account_id], language=language)

    async def set_language_hint(self, account_id: int, hint: str) -> None:
        t = await self.uow.write()
        if account_id in t.accounts:
            t.accounts[account_id] = replace(t.accounts[account_id], language_hint=hint)

    async def claim_handle(self, account_id: int, handle: str) -> bool:
        t = await self.uow.write()
        if account_id not in t.accounts or any(a.handle == handle and a.id != account_id for a in t.accounts.values()):
            return False
        t.accounts[account_id] = replace(t.accounts[account_id], handle=handle)
        return True

    async def add_identity(self, identity: Identity) -> bool:
        t = await self.uow.write()
        if _identity(t, identity.platform, identity.external_id) is not None:
            return False
        row = IdentityRow(t.next_id("identities"), identity.platform, identity.external_id, identity.account_id,
                          identity.display_name, reachable=True)
        t.identities[row.id] = row
        return True

    async def move_identity(self, platform: str, external_id: str, account_id: int) -> None:
        t = await self.uow.write()
        if (row := _identity(t, platform, external_id)) is not None:
            t.identities[row.id] = replace(row, account_id=account_id, reachable=True)

    async def identities(self, account_id: int) -> list[Identity]:
        rows = sorted((r for r in self.uow.read.identities.values() if r.account_id == account_id), key=lambda r: r.id)
        return [Identity(r.platform, r.external_id, r.account_id, r.display_name, r.reachable, r.id) for r in rows]

    async def handles_starting(self, prefix: str, limit: int) -> list[tuple[int, str]]:
        found = sorted((a.handle, a.id) for a in self.uow.read.accounts.values() if a.handle.startswith(prefix))
        return [(i, h) for h, i in found[:limit]]

    async def is_empty(self, account_id: int) -> bool:
        t, a = self.uow.read, account_id
        return not (
            any(p.author_id == a for p in t.posts.values())
            or any(c.author_id == a for c in t.comments.values())
            or any(k[1] == a for k in t.likes)
            or any(k[0] == a for k in t.friendships)
            or any(a in k for k in t.requests)
            or any(owner == a for owner, _ in t.circles.values())
            or any(al.owner_id == a for al in t.albums.values())
            or any(e.account_id == a for e in t.ledger.values())
        )

    async def delete(self, account_id: int) -> None:
        (await self.uow.write()).delete_account(account_id)

    async def add_link_code(self, code_hash: str, account_id: int, expires_at: datetime) -> None:
        t = await self.uow.write()
        if code_hash in t.link_codes:
            raise clash()
        t.link_codes[code_hash] = (account_id, expires_at)

    async def take_link_code(self, code_hash: str, now: datetime) -> int | None:
        t = await self.uow.write()
        taken = t.link_codes.pop(code_hash, None)
        t.link_codes = {k: v for k, v in t.link_codes.items() if not v[1] < now}
        if taken is None:
            return None
        account_id, expires_at = taken
        return account_id if expires_at > now else None

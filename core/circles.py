"""Circles: named groups of one's friends that posts can be shared with."""

from __future__ import annotations

from core import friends
from core.errors import Conflict, Invalid, NotFound
from core.model import Account, Circle, validate_circle_name
from core.ports import UnitOfWork
from core.privacy import Viewer

MAX_CIRCLES = 50


async def get_circle(uow: UnitOfWork, owner: Account, name: str) -> Circle:
    name = validate_circle_name(name)
    circle = await uow.social.circle_by_name(owner.id, name)
    if circle is None:
        raise NotFound(f"You have no circle called {name}. /circle list shows yours.")
    return circle


async def new_circle(uow: UnitOfWork, owner: Account, name: str) -> Circle:
    name = validate_circle_name(name)
    if await uow.social.circle_by_name(owner.id, name) is not None:
        raise Conflict(f"You already have a circle called {name}.")
    if len(await uow.social.circles_of(owner.id)) >= MAX_CIRCLES:
        raise Invalid(f"You can have up to {MAX_CIRCLES} circles; delete one first.")
    return await uow.social.add_circle(owner.id, name)


async def add_members(uow: UnitOfWork, owner: Account, name: str, members: list[Account]) -> tuple[list[str], list[str]]:
    """Add friends to a circle. Returns (added handles, skipped handles with reasons)."""
    circle = await get_circle(uow, owner, name)
    strangers = [m.handle for m in members if not await uow.social.are_friends(owner.id, m.id)]
    if strangers:
        raise Invalid(
            "Circles are made of friends; not your friends: "
            + ", ".join(f"@{h}" for h in strangers) + ". Send /friend first."
        )
    added, already = [], []
    for m in members:
        (added if await uow.social.add_member(circle.id, m.id) else already).append(m.handle)
    return added, already


async def remove_members(uow: UnitOfWork, owner: Account, name: str, members: list[Account]) -> list[str]:
    circle = await get_circle(uow, owner, name)
    return [m.handle for m in members if await uow.social.remove_member(circle.id, m.id)]


async def list_circles(uow: UnitOfWork, owner: Account) -> list[Circle]:
    return await uow.social.circles_of(owner.id)


async def circle_members(uow: UnitOfWork, owner: Account, name: str) -> tuple[Circle, list[Account]]:
    circle = await get_circle(uow, owner, name)
    # A banned member stays in the circle but is not listed until the ban ends (privacy.presence_rule).
    found = await uow.accounts.get_many(await friends.present(uow, Viewer(owner.id), list(circle.member_ids)))
    return circle, sorted(found.values(), key=lambda a: a.handle)


async def delete_circle(uow: UnitOfWork, owner: Account, name: str) -> Circle:
    """Delete a circle; posts shared with it become visible to no one but the owner."""
    circle = await get_circle(uow, owner, name)
    await uow.social.delete_circle(circle.id)
    return circle

"""Friendships, requests, blocks and circles in memory (storage/social.py's semantics)."""

from __future__ import annotations

from datetime import datetime

from core.model import Circle, Relation, circle_key
from core.privacy import Predicate
from tests.fakes.seeing import shows_person
from tests.fakes.tables import Store, Tables, clash


def _circle(t: Tables, circle_id: int) -> Circle:
    owner_id, name = t.circles[circle_id]
    members = sorted(m for c, m in t.members if c == circle_id)
    return Circle(id=circle_id, owner_id=owner_id, name=name, member_ids=tuple(members))


class MemorySocialRepo:
    def __init__(self, uow: Store) -> None:
        self.uow = uow

    async def relation(self, viewer_id: int | None, owner_id: int) -> Relation:
        if viewer_id is None:
            return Relation()
        if viewer_id == owner_id:
            return Relation(is_self=True)
        t = self.uow.read
        is_friend = (owner_id, viewer_id) in t.friendships
        circles: frozenset[int] = frozenset()
        if is_friend:  # circles hold only friends, as storage reads them
            circles = frozenset(c for c, m in t.members if m == viewer_id and t.circles[c][0] == owner_id)
        return Relation(is_friend=is_friend, blocked_by_owner=(owner_id, viewer_id) in t.blocks, circle_ids=circles,
                        blocks_owner=(viewer_id, owner_id) in t.blocks,
                        requested=(viewer_id, owner_id) in t.requests or (owner_id, viewer_id) in t.requests)

    async def are_friends(self, a: int, b: int) -> bool:
        return (a, b) in self.uow.read.friendships

    async def friend_ids(self, account_id: int) -> list[int]:
        return sorted(b for a, b in self.uow.read.friendships if a == account_id)

    async def count_friends(self, account_id: int, viewer_id: int | None, rule: Predicate) -> int:
        t = self.uow.read
        return sum(1 for a, b in t.friendships if a == account_id and shows_person(t, b, viewer_id, rule))

    async def add_friendship(self, a: int, b: int) -> None:
        t = await self.uow.write()
        t.friendships |= {(a, b), (b, a)}

    async def remove_friendship(self, a: int, b: int) -> None:
        t = await self.uow.write()
        t.friendships -= {(a, b), (b, a)}

    async def add_request(self, from_id: int, to_id: int, at: datetime) -> None:
        t = await self.uow.write()
        if (from_id, to_id) in t.requests:
            raise clash()  # a plain INSERT on the primary key
        t.requests[(from_id, to_id)] = at

    async def has_request(self, from_id: int, to_id: int) -> bool:
        return (from_id, to_id) in self.uow.read.requests

    async def delete_request(self, from_id: int, to_id: int) -> bool:
        t = await self.uow.write()
        return t.requests.pop((from_id, to_id), None) is not None

    async def incoming_requests(self, to_id: int) -> list[int]:
        found = sorted((at, f) for (f, to), at in self.uow.read.requests.items() if to == to_id)
        return [f for _, f in found]

    async def outgoing_requests(self, from_id: int) -> list[int]:
        found = sorted((at, to) for (f, to), at in self.uow.read.requests.items() if f == from_id)
        return [to for _, to in found]

    async def block(self, by_id: int, blocked_id: int) -> None:
        (await self.uow.write()).blocks.add((by_id, blocked_id))

    async def unblock(self, by_id: int, blocked_id: int) -> bool:
        t = await self.uow.write()
        if (by_id, blocked_id) not in t.blocks:
            return False
        t.blocks.discard((by_id, blocked_id))
        return True

    async def is_blocked(self, by_id: int, blocked_id: int) -> bool:
        return (by_id, blocked_id) in self.uow.read.blocks

    async def lock_circles(self, owner_id: int) -> None:
        await self.uow.write()  # the write lock: the reads that follow see every commit, nobody writes meanwhile

    async def add_circle(self, owner_id: int, name: str) -> Circle:
        t = await self.uow.write()
        if (owner_id, name) in t.circles.values():
            raise clash()
        circle_id = t.next_id("circles")
        t.circles[circle_id] = (owner_id, name)
        return Circle(id=circle_id, owner_id=owner_id, name=name)

    async def circle_by_name(self, owner_id: int, name: str) -> Circle | None:
        t, wanted = self.uow.read, circle_key(name)
        found = next((c for c, (o, n) in t.circles.items() if o == owner_id and circle_key(n) == wanted), None)
        return _circle(t, found) if found is not None else None

    async def circles_of(self, owner_id: int) -> list[Circle]:
        t = self.uow.read
        return [_circle(t, c) for _, c in sorted((n, c) for c, (o, n) in t.circles.items() if o == owner_id)]

    async def delete_circle(self, circle_id: int) -> None:
        (await self.uow.write()).delete_circle(circle_id)

    async def add_member(self, circle_id: int, member_id: int) -> bool:
        t = await self.uow.write()
        if (circle_id, member_id) in t.members:
            return False
        t.members.add((circle_id, member_id))
        return True

    async def remove_member(self, circle_id: int, member_id: int) -> bool:
        t = await self.uow.write()
        if (circle_id, member_id) not in t.members:
            return False
        t.members.discard((circle_id, member_id))
        return True

    async def leave_circles_of(self, owner_id: int, member_id: int) -> None:
        t = await self.uow.write()
        t.members = {(c, m) for c, m in t.members if not (m == member_id and t.circles[c][0] == owner_id)}

    async def add_care(self, carer_id: int, cared_id: int, at: datetime, cap: int) -> bool:
        t = await self.uow.write()
        mine = [k for k in t.care if k[0] == carer_id]
        if carer_id not in t.accounts or (carer_id, cared_id) in t.care or len(mine) >= cap:
            return False
        t.care[(carer_id, cared_id)] = at
        return True

    async def remove_care(self, carer_id: int, cared_id: int) -> bool:
        t = await self.uow.write()
        return t.care.pop((carer_id, cared_id), None) is not None

    async def cared_by(self, carer_id: int) -> list[int]:
        return [b for _, b in sorted((at, b) for (a, b), at in self.uow.read.care.items() if a == carer_id)]

    async def carers_of(self, cared_id: int) -> list[int]:
        return sorted(a for a, b in self.uow.read.care if b == cared_id)

    async def suggestions(self, viewer_id: int, rule: Predicate, via: Predicate, limit: int) -> list[tuple[int, int]]:
        t = self.uow.read
        mutual: dict[int, int] = {}
        for a, friend in t.friendships:
            if a != viewer_id or not shows_person(t, friend, viewer_id, via):
                continue
            for b, person in t.friendships:
                if b == friend and shows_person(t, person, viewer_id, rule):
                    mutual[person] = mutual.get(person, 0) + 1
        ranked = sorted(mutual.items(), key=lambda kv: (-kv[1], t.accounts[kv[0]].handle))
        return ranked[:limit]

    async def search(self, viewer_id: int | None, text: str, rule: Predicate, limit: int) -> list[int]:
        t = self.uow.read
        needle = text.lower()
        found = [a for a in t.accounts.values()
                 if (needle in a.handle.lower() or needle in a.display_name.lower())
                 and shows_person(t, a.id, viewer_id, rule)]
        found.sort(key=lambda a: (a.handle != needle, a.handle))
        return [a.id for a in found[:limit]]

"""Separate OS processes on one database: every limit, counter and unique claim holds.

tests/integration/test_concurrency.py races platform instances inside one process, each on its
own engine; here each racer is its own `python` process (tests/processes.py), built by
`openzone.bootstrap` from a config file with the system clock and the built-in limits, exactly
as `openzone run` builds it — nothing is shared but the database (and, on SQLite, its file).
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import text

from storage import Database
from tests.processes import Dispatch, Say, here, race, write_config

PROCESSES = 5


async def scalar(db: Database, sql: str) -> object:
    async with db.engine.connect() as conn:
        return (await conn.execute(text(sql))).scalar()


def nothing_went_wrong(answers: list[list[str]]) -> None:
    said = [a for each in answers for a in each]
    assert [a for a in said if "went wrong" in a or "same moment" in a or "took too long" in a] == [], said


async def test_a_new_persons_first_message_in_five_processes_at_once_makes_one_account_and_welcomes_each(
    db: Database, tmp_path: Path,
) -> None:
    """Held by `INSERT … ON CONFLICT DO NOTHING` on the handle and on the identity (storage/accounts/repo.py
    `add`, `add_identity`): a process that loses either claim takes the winner's account instead of
    failing on a duplicate — a look-up-then-insert lets several create, and all but one crash."""
    config = write_config(tmp_path, db.url)
    answers = await race(config, [[Say("newbie", "/start", platform="telegram")]] * PROCESSES)
    nothing_went_wrong(answers)
    assert all("Welcome" in a for [a] in answers), answers
    async with db.uow() as uow:
        account = await uow.accounts.by_identity("telegram", "newbie")
        assert account is not None and account.handle == "newbie"
        assert await uow.accounts.handles_starting("newbie", 10) == [(account.id, "newbie")]
        assert len(await uow.accounts.identities(account.id)) == 1


async def test_five_processes_posting_as_one_person_never_get_more_posts_through_than_the_limit(
    db: Database, tmp_path: Path,
) -> None:
    """Built-in limit: 60 posts an hour, halved to 30 in an account's first day. Held by the one
    conditional `INSERT … SELECT … WHERE (count in window) < limit` after a row lock on the
    account (storage/moderation/repo.py `claim_hit`); with `admit`'s count as the only check and an
    unconditional insert, every process that counted 29 posts (tried: more than 30 got through)."""
    config = write_config(tmp_path, db.url)
    [welcome] = await here(config, [Say("racer", "/start")])
    assert "Welcome" in welcome
    per_process = 8  # 5 × 8 = 40 tries at a limit of 30
    answers = await race(config, [
        [Say("racer", f"/post public race {p}.{n}") for n in range(per_process)] for p in range(PROCESSES)
    ])
    nothing_went_wrong(answers)
    said = [a for each in answers for a in each]
    posted = [a for a in said if "Posted #" in a]
    assert len(posted) == 30, said
    assert sum(a.startswith("⚠️ Slow down") for a in said) == PROCESSES * per_process - 30, said
    assert await scalar(db, "SELECT count(*) FROM posts") == 30


async def test_answers_to_a_gated_album_from_eight_processes_evaluate_at_most_five_guesses_an_hour(
    db: Database, tmp_path: Path,
) -> None:
    """Held by the same conditional `INSERT … SELECT` (`claim_hit`, bucket `album:ID`) under bob's
    row lock: the scrypt verdict counts only once the try is claimed. Counting tries before the
    ~50 ms hash and recording one after it lets every process that counted fewer than 5 guess."""
    config = write_config(tmp_path, db.url)
    setup = await here(config, [
        Say("bob", "/start"), Say("alice", "/album new Trip"), Say("alice", "#trip", photo=True),
        Say("alice", "/album question Trip Where did we meet? | Rome"),
    ])
    assert "Rome" not in setup[-1] and "?" in setup[-1], setup
    # More processes than tries: a count read by all at once would let each of them guess.
    processes, per_process = 8, 3
    guesses = [[Say("bob", f"/album answer alice Trip guess {p}.{n}") for n in range(per_process)]
               for p in range(processes)]
    guesses[-1][-1] = Say("bob", "/album answer alice Trip Rome")
    answers = await race(config, guesses)
    nothing_went_wrong(answers)
    said = [a for each in answers for a in each]
    evaluated = [a for a in said if "not the answer" in a or "Right!" in a]
    assert len(evaluated) == 5, said
    assert sum("That's 5 tries" in a for a in said) == processes * per_process - 5, said
    if not any("Right!" in a for a in evaluated):
        [after] = await here(config, [Say("bob", "/album answer alice Trip Rome")])
        assert after.startswith("⚠️ That's 5 tries"), after


async def test_likes_from_thirty_people_in_five_processes_pay_the_author_the_daily_cap_and_no_more(
    db: Database, tmp_path: Path,
) -> None:
    """Built-in: 1 coin a like, at most 20 a day. The likes' events are dispatched by the five
    processes at once, one event per transaction, so the rewards' transactions overlap. Held by the
    one conditional upsert `INSERT … ON CONFLICT DO UPDATE SET n = n + 1 WHERE n < cap` on the
    day's counter (storage/wallet/repo.py `bump`); reading the counter and writing it back pays past 20
    on PostgreSQL. On SQLite the dispatcher takes the write lock before claiming events
    (storage/outbox/repo.py `claim`); without it two processes dispatched the same like and one failed
    on the ledger's unique key."""
    config = write_config(tmp_path, db.url)
    posted = await here(config, [Say("alice", f"/post public like me {n}") for n in range(3)])
    posts = [int(m.group(1)) for a in posted if (m := re.search(r"Posted #(\d+)", a))]
    assert len(posts) == 3, posted
    likers = 6
    answers = await race(config, [
        [Say(f"fan{p}x{n}", f"/like {posts[n % 3]}") for n in range(likers)] + [Dispatch(batch=1)]
        for p in range(PROCESSES)
    ])
    nothing_went_wrong(answers)
    assert sum(int(each[-1]) for each in answers) == PROCESSES * likers, answers
    async with db.uow() as uow:
        alice = await uow.accounts.by_handle("alice")
        assert alice is not None
        entries = await uow.wallet.entries(alice.id, 100)
        assert sorted(e.reason for e in entries) == ["like"] * 20 + ["post"]
        assert (await uow.wallet.state(alice.id)).balance == 20 + 5

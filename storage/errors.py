"""Database errors turned into the errors core speaks, around every repository operation.

Modelled on advanced-alchemy's `wrap_sqlalchemy_exception`: a unique (or other) constraint hit —
at the statement or at commit — is a `core.errors.Conflict` a person can be told; so is a
PostgreSQL serialization failure or deadlock (the same race, met differently). Anything else is
a fault on our side and goes up unchanged, for the front end to log with a reference.

On PostgreSQL a failed statement aborts the transaction: a caller that means to go on after a
Conflict must run that statement in a SAVEPOINT (`session.begin_nested()`), as
`SqlAccountRepo.claim_handle` does.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError

from core.errors import Conflict

CLASH = "Someone changed this at the same moment — please try again."

# SQLSTATE serialization_failure and deadlock_detected: retrying the command is the answer.
_RETRY_CODES = frozenset({"40001", "40P01"})

T = TypeVar("T")


def _sqlstate(exc: DBAPIError) -> str | None:
    orig = exc.orig
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def _clash(exc: DBAPIError) -> bool:
    """A constraint hit or a lost race: what a person is told as `Conflict`."""
    return isinstance(exc, IntegrityError) or _sqlstate(exc) in _RETRY_CODES


@contextmanager
def db_errors() -> Iterator[None]:
    """Raise `Conflict` for a constraint hit or a lost race inside the block; let the rest through."""
    try:
        yield
    except DBAPIError as exc:
        if _clash(exc):
            raise Conflict(CLASH) from exc
        raise


def _wrapped(method: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
    # db_errors() spelled out: a generator-based context manager around every repository call costs
    # more than the rest of the wrapper (it runs a dozen times per chat command); try/except is free
    # until something is raised.
    @functools.wraps(method)
    async def call(*args: Any, **kwargs: Any) -> T:
        try:
            return await method(*args, **kwargs)
        except DBAPIError as exc:
            if _clash(exc):
                raise Conflict(CLASH) from exc
            raise
    return call


C = TypeVar("C", bound=type)


def repository(cls: C) -> C:
    """Class decorator: every public coroutine method of a repository runs inside `db_errors()`."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.iscoroutinefunction(member):
            setattr(cls, name, _wrapped(member))
    return cls

"""Fakes beside the ports: an in-memory unit of work implementing every repository of core.ports."""

from tests.fakes.uow import InMemoryUnitOfWork, MemoryDatabase

__all__ = ["InMemoryUnitOfWork", "MemoryDatabase"]

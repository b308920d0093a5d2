"""Outbox storage: tables, repository, row converters."""

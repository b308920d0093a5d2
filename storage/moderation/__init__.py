"""Moderation storage: tables, repository, row converters."""

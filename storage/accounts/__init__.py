"""Accounts storage: tables, repository, row converters."""

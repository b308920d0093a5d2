"""Wallet storage: tables, repository, row converters."""

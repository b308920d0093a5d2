"""Guestbook storage: tables, repository, row converters."""

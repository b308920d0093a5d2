"""State storage: tables, repository, row converters."""

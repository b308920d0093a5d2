"""Social storage: tables, repository, row converters."""

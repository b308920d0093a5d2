"""Posts storage: tables, repository, row converters."""

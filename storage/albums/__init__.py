"""Albums storage: tables, repository, row converters."""

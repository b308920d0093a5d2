"""Composition root and CLI: wiring, not rules."""

"""core.privacy's rules are built once per standing (signed in or not) and shared by every viewer of it."""

from __future__ import annotations

import pytest

from core.privacy import Viewer
from core.privacy import rules

RULES = [name for name in dir(rules) if name.endswith("_rule") and hasattr(getattr(rules, name), "__wrapped__")]


def test_every_kept_rule_is_the_same_tree_for_every_signed_in_viewer_and_another_for_strangers() -> None:
    assert len(RULES) >= 10
    for name in RULES:
        rule = getattr(rules, name)
        assert rule(Viewer(1)) is rule(Viewer(2)), name
        assert rule(Viewer(None)) is rule(Viewer(None)), name


def test_a_rule_that_read_who_is_looking_fails_instead_of_being_kept_for_everyone() -> None:
    @rules._per_standing  # noqa: SLF001 - the decorator every kept rule wears
    def leaky(viewer: Viewer) -> object:
        return viewer.account_id

    assert leaky(Viewer(None)) is None
    with pytest.raises(TypeError, match="per standing"):
        leaky(Viewer(7))

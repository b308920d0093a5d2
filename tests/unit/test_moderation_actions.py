"""The audit log's actions: which ones the person acted on is told of, and how it reads."""

from __future__ import annotations

from core.moderation.model import TELLS_TARGET, Action, SanctionKind
from handlers.moderation_notices import TOLD_TEMPLATES


def test_every_action_its_target_is_told_of_has_a_notice_and_no_other_has_one() -> None:
    assert set(TOLD_TEMPLATES) == TELLS_TARGET
    assert {a for a in Action if a.tells_target} == TELLS_TARGET
    assert not Action.DENIED.tells_target and not Action.DISMISS.tells_target


def test_a_sanction_names_its_actions() -> None:
    assert [(k.action, k.lifted, k.expired) for k in SanctionKind] == [
        (Action.BAN, Action.UNBAN, Action.BAN_EXPIRED), (Action.MUTE, Action.UNMUTE, Action.MUTE_EXPIRED)]

"""Rate-limit rules: sliding windows, tighter first days, which messages count where."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from core.errors import Invalid
from core.moderation.model import FilterAction, matches, parse_filter_entry
from handlers.syntax import parse_duration
from core.ratelimit import Limit, RateLimits, buckets_for, in_words, parse_rate, wait

NOW = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)


def test_a_hit_is_allowed_while_the_window_holds_fewer_than_the_limit() -> None:
    limit = Limit(3, timedelta(minutes=10))
    assert wait([NOW - timedelta(minutes=1)] * 2, limit, NOW) is None


def test_at_the_limit_the_wait_is_until_the_oldest_counted_hit_leaves_the_window() -> None:
    limit = Limit(2, timedelta(minutes=10))
    hits = [NOW - timedelta(minutes=9), NOW - timedelta(minutes=2)]
    assert wait(hits, limit, NOW) == 60.0


def test_hits_older_than_the_window_do_not_count() -> None:
    limit = Limit(1, timedelta(minutes=10))
    assert wait([NOW - timedelta(minutes=10)], limit, NOW) is None


def test_new_accounts_get_a_fraction_of_each_content_limit_but_never_zero() -> None:
    limits = RateLimits({"posts": Limit(30, timedelta(minutes=30)), "reports": Limit(1, timedelta(hours=1)),
                         "messages": Limit(300, timedelta(minutes=5))})
    assert limits.limit("posts", NOW - timedelta(hours=1), NOW) == Limit(15, timedelta(minutes=30))
    assert limits.limit("reports", NOW, NOW) == Limit(1, timedelta(hours=1))
    assert limits.limit("posts", NOW - timedelta(days=2), NOW) == Limit(30, timedelta(minutes=30))
    assert limits.limit("unknown", NOW, NOW) is None


def test_flood_protection_is_the_same_for_new_accounts_so_reading_never_slows_them() -> None:
    limits = RateLimits()
    assert limits.limit("messages", NOW, NOW) == Limit(300, timedelta(minutes=5))


def test_the_built_in_first_day_leaves_room_for_an_eager_newcomer() -> None:
    limits = RateLimits()
    assert limits.limit("posts", NOW, NOW) == Limit(30, timedelta(hours=1))
    assert limits.limit("comments", NOW, NOW) == Limit(30, timedelta(minutes=10))


@pytest.mark.parametrize(("seconds", "words"), [
    (1, "a few seconds"), (9.5, "a few seconds"), (16, "about 20 seconds"), (50, "about 50 seconds"),
    (58, "about a minute"), (100, "about 2 minutes"), (1738, "about 29 minutes"), (3570, "about an hour"),
    (3 * 3600 + 100, "about 3 hours"), (3 * 86400, "about 3 days"),
])
def test_waits_read_as_people_say_them(seconds: float, words: str) -> None:
    assert in_words(seconds) == words


@pytest.mark.parametrize(("bucket", "attachments", "expected"), [
    ("posts", False, ["messages", "posts"]),
    (None, False, ["messages"]),
    ("comments", False, ["messages", "comments"]),
    (None, True, ["messages", "uploads"]),
    ("posts", True, ["messages", "posts", "uploads"]),
])
def test_every_message_counts_as_a_message_and_against_what_it_does(
    bucket: str | None, attachments: bool, expected: list[str],
) -> None:
    assert buckets_for(bucket, attachments=attachments) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("30/30m", Limit(30, timedelta(minutes=30))), ("60 / 10m", Limit(60, timedelta(minutes=10))),
    ("500/1d", Limit(500, timedelta(days=1))), ("5/30s", Limit(5, timedelta(seconds=30))),
])
def test_rates_are_written_count_slash_window(text: str, expected: Limit) -> None:
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text", ["30", "0/1m", "30/0m", "30/30x", "many/1h"])
def test_bad_rates_are_refused(text: str) -> None:
    with pytest.raises(Invalid):
        parse_rate(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("30m", timedelta(minutes=30)), ("12h", timedelta(hours=12)), ("7d", timedelta(days=7)), ("2W", timedelta(weeks=2)),
])
def test_durations_read_like_people_write_them(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["0m", "5x", "12", "h", "-3d", "99999d"])
def test_bad_durations_are_refused_with_how_to_write_them(text: str) -> None:
    with pytest.raises(Invalid):
        parse_duration(text)


def test_filter_words_match_whole_words_in_any_case() -> None:
    assert matches("casino", "Best CASINO in town!")
    assert not matches("ass", "a class act")
    assert matches("free money", "get free   money".replace("   ", " "))


def test_config_filter_entries_default_to_block_and_may_hold() -> None:
    assert parse_filter_entry("Spam").action is FilterAction.BLOCK
    assert parse_filter_entry("crypto:hold").action is FilterAction.HOLD
    assert parse_filter_entry("crypto:hold").word == "crypto"

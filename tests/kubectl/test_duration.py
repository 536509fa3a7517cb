"""Ages as kubectl prints them.

Mirrors apimachinery ``pkg/util/duration/duration_test.go`` (``TestHumanDuration``,
``TestShortHumanDuration``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from k8slab.kubectl.duration import human_duration, short_human_duration, since


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (1, "1s"),
        (70, "70s"),
        (190, "3m10s"),
        (2400, "40m"),
        (9000, "150m"),
        (4 * 3600 + 5 * 60, "4h5m"),
        (8 * 3600 + 20 * 60, "8h"),
        (2 * 86400 + 5 * 3600, "2d5h"),
        (20 * 86400, "20d"),
        (3 * 365 * 86400 + 30 * 86400, "3y30d"),
        (9 * 365 * 86400, "9y"),
        (-1, "0s"),
        (-2, "<invalid>"),
        (-1.5, "0s"),
    ],
)
def test_human_duration_matches_apimachinery(seconds, expected):
    """Does HumanDuration pick the same units and truncation as apimachinery?"""
    assert human_duration(seconds) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(59, "59s"), (119, "1m"), (3 * 3600 + 5, "3h"), (30 * 86400, "30d"), (400 * 86400, "1y")],
)
def test_short_human_duration_uses_one_unit(seconds, expected):
    """Does ShortHumanDuration keep only the largest unit?"""
    assert short_human_duration(seconds) == expected


def test_age_of_missing_timestamp_is_unknown():
    """Is an unset creationTimestamp printed as <unknown> (translateTimestampSince)?"""
    assert since(None, datetime(2024, 1, 1, tzinfo=UTC)) == "<unknown>"
    assert since("2024-01-01T00:00:00Z", datetime(2024, 1, 1, 0, 2, tzinfo=UTC)) == "2m"

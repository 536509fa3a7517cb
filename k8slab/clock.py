"""The virtual clock behind every timestamp (creationTimestamp, events, AGE columns).

Wall-clock time never enters the engine, so a notebook prints the same AGE values on every
run. The cluster is "created" at ``EPOCH``; each facade call advances time by a fixed step, and
``Cluster.sleep(seconds)`` advances it explicitly (as a student waiting would).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(2026, 1, 1, 9, 0, 0, tzinfo=UTC)


class VirtualClock:
    def __init__(self, now: datetime = EPOCH) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._now += timedelta(seconds=seconds)

    def timestamp(self) -> str:
        """RFC 3339 in UTC with a ``Z``, as ``metav1.Time`` marshals (second precision)."""
        return format_time(self._now)


def format_time(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(s: str) -> datetime:
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)

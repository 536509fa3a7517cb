"""Human-readable ages, as the AGE column and describe's event ages show them.

Reproduces kubernetes/apimachinery ``pkg/util/duration/duration.go`` (``HumanDuration``,
``ShortHumanDuration``). Go truncates toward zero when it converts ``d.Seconds()`` to
``int`` and when it divides durations, so fractions are dropped the same way here.
"""

from __future__ import annotations

from datetime import UTC, datetime

_MIN = 60
_HOUR = 60 * _MIN
_DAY = 24 * _HOUR


def _trunc(x: float) -> int:
    return int(x)  # int() truncates toward zero, as Go's conversion does


def human_duration(seconds: float) -> str:
    """``duration.HumanDuration``: ``45s``, ``119s``, ``2m``, ``5m10s``, ``3h2m``, ``2d3h``, ``1y30d``.

    Up to 2 s in the future counts as now (``0s``); further in the future is ``<invalid>``.
    """
    s = _trunc(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 2 * _MIN:
        return f"{s}s"
    minutes = s // _MIN
    if minutes < 10:
        rest = s % _MIN
        return f"{minutes}m" if rest == 0 else f"{minutes}m{rest}s"
    if minutes < 3 * 60:
        return f"{minutes}m"
    hours = s // _HOUR
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h" if rest == 0 else f"{hours}h{rest}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        rest = hours % 24
        return f"{hours // 24}d" if rest == 0 else f"{hours // 24}d{rest}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        days = (hours // 24) % 365
        years = hours // 24 // 365
        return f"{years}y" if days == 0 else f"{years}y{days}d"
    return f"{hours // 24 // 365}y"


def short_human_duration(seconds: float) -> str:
    """``duration.ShortHumanDuration``: one unit only (``45s``, ``5m``, ``3h``, ``2d``, ``1y``)."""
    s = _trunc(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < _MIN:
        return f"{s}s"
    if s < _HOUR:
        return f"{s // _MIN}m"
    hours = s // _HOUR
    if hours < 24:
        return f"{hours}h"
    if hours < 24 * 365:
        return f"{hours // 24}d"
    return f"{hours // 24 // 365}y"


def parse_time(value: str | None) -> datetime | None:
    """Parse an RFC 3339 timestamp as the API writes it (``2024-01-01T00:00:00Z``)."""
    if not value:
        return None
    t = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)


def since(value: str | None, now: datetime) -> str:
    """``translateTimestampSince``: the age of an RFC 3339 timestamp, or ``<unknown>``.

    (kubernetes ``pkg/printers/internalversion/printers.go`` and kubectl
    ``pkg/describe/describe.go`` both define it this way.)
    """
    t = parse_time(value)
    if t is None:
        return "<unknown>"
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return human_duration((now - t).total_seconds())

"""Fixtures for the kubectl printer tests.

Address plan (a kind-like cluster): nodes ``node-1`` 172.18.0.3 and ``node-2`` 172.18.0.4,
pods in 10.244.0.0/16, Services in 10.96.0.0/12. Every object is created at ``T0``
(2024-01-01T00:00:00Z) unless a test says otherwise; ``NOW`` is 5m10s later.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from kubectl_builders import NOW


@pytest.fixture
def now() -> datetime:
    return NOW

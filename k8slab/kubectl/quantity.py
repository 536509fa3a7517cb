"""Resource quantities (``100m``, ``128Mi``, ``8``) as ``kubectl describe node`` sums and prints them.

A small subset of apimachinery ``pkg/api/resource/quantity.go``: ``ParseQuantity`` for the
suffixes Kubernetes objects use, ``Add``, ``MilliValue``/``Value`` and the canonical
``String`` form (decimal suffixes ``m``/``k``/``M``/…, binary ``Ki``/``Mi``/…; a binary quantity
below 1024 prints as a plain number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DECIMAL_BY_EXP = {v: k for k, v in _DECIMAL.items()}
_QUANTITY = re.compile(r"^([+-]?[0-9.]+)([eE][+-]?[0-9]+|[a-zA-Z]*)$")


@dataclass(frozen=True)
class Quantity:
    """An exact amount plus the format it was written in (``BinarySI`` or ``DecimalSI``)."""

    value: Fraction = Fraction(0)
    binary: bool = False

    def __add__(self, other: Quantity) -> Quantity:
        # resource.Quantity.Add keeps the receiver's format (a zero Quantity takes the other's).
        binary = self.binary if self.value != 0 else other.binary
        return Quantity(self.value + other.value, binary)

    def milli_value(self) -> int:
        """``MilliValue``: thousandths, rounded up."""
        return -((-self.value * 1000) // 1)

    def int_value(self) -> int:
        """``Value``: whole units, rounded up."""
        return -((-self.value) // 1)

    def __str__(self) -> str:
        v = self.value
        if v == 0:
            return "0"
        if self.binary and v.denominator == 1 and abs(v) >= 1024:
            n = int(v)
            for suffix, power in sorted(_BINARY.items(), key=lambda kv: -kv[1]):
                base = 1024**power
                if n % base == 0:
                    return f"{n // base}{suffix}"
        # Decimal: the largest exponent (a multiple of 3) leaving an integer mantissa.
        for exp in sorted(_DECIMAL_BY_EXP, reverse=True):
            mantissa = v / (Fraction(10) ** exp)
            if mantissa.denominator == 1:
                return f"{int(mantissa)}{_DECIMAL_BY_EXP[exp]}"
        nanos = -((-v * 10**9) // 1)  # round up to nano precision, as Kubernetes does
        return str(Quantity(Fraction(nanos, 10**9)))


def parse_quantity(text: str | int | float | None) -> Quantity:
    """``resource.ParseQuantity`` for ``123``, ``0.5``, ``100m``, ``1Gi``, ``1e3``."""
    if text is None or text == "":
        return Quantity()
    if isinstance(text, int | float):
        return Quantity(Fraction(text))
    m = _QUANTITY.match(text.strip())
    if not m:
        raise ValueError(f"quantities must match the regular expression: {text!r}")
    number, suffix = Fraction(m.group(1)), m.group(2)
    if suffix in _BINARY:
        return Quantity(number * 1024 ** _BINARY[suffix], binary=True)
    if suffix in _DECIMAL:
        return Quantity(number * Fraction(10) ** _DECIMAL[suffix])
    if suffix[:1] in "eE":
        return Quantity(number * Fraction(10) ** int(suffix[1:]))
    raise ValueError(f"unable to parse quantity's suffix: {text!r}")

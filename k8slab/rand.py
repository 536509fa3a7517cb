"""Deterministic randomness: every random choice the cluster makes comes from here.

Kubernetes draws pod-name suffixes, ClusterIPs and NodePorts at random. k8slab draws them from
*keyed streams*: a stream is seeded by the cluster seed, a purpose and a key (e.g. the
ReplicaSet a pod belongs to), so the same manifests give the same names and addresses whatever
else the cluster holds and in whatever order unrelated objects were created. No module-level
RNG exists anywhere in the engine.
"""

from __future__ import annotations

import hashlib
import random

# k8s.io/apimachinery/pkg/util/rand: "We omit vowels from the set of available characters to
# reduce the chances of 'bad words' being formed", and 0/1/3 to avoid confusion.
ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"


def stream(seed: int, purpose: str, key: str = "") -> random.Random:
    """A reproducible RNG for one purpose/key under the cluster seed."""
    digest = hashlib.sha256(f"{seed}\x00{purpose}\x00{key}".encode()).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


def random_string(rng: random.Random, n: int) -> str:
    """``rand.String(n)``: n characters from ALPHANUMS (pod-name suffixes, generateName)."""
    return "".join(rng.choice(ALPHANUMS) for _ in range(n))


def safe_encode_string(s: str) -> str:
    """``rand.SafeEncodeString``: map each byte of s onto ALPHANUMS (used for pod-template-hash)."""
    return "".join(ALPHANUMS[b % len(ALPHANUMS)] for b in s.encode())


def fnv32a(data: bytes) -> int:
    """FNV-1a, 32 bit, as ``hash/fnv.New32a`` (the hasher behind ComputeHash)."""
    h = 0x811C9DC5
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h

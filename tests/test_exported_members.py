"""The facade exports exactly what shared/API.md specifies (httpx's test_exported_members)."""

import k8slab


def test_all_matches_the_facade():
    """Does ``k8slab.__all__`` list exactly the API.md names, and are they all importable?"""
    assert k8slab.__all__ == ["ApiError", "Cluster", "ManifestError"]
    for name in k8slab.__all__:
        assert getattr(k8slab, name).__module__ == "k8slab"


def test_errors_are_value_errors():
    assert issubclass(k8slab.ApiError, ValueError)
    assert issubclass(k8slab.ManifestError, ValueError)

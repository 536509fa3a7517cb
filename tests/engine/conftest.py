import pytest

from k8slab import Cluster
from k8slab.addons.course import NGINX  # noqa: E402


@pytest.fixture
def lab():
    return Cluster()


@pytest.fixture
def nginx_lab():
    c = Cluster()
    c.apply(NGINX)
    return c

"""k8slab: a deterministic, in-process Kubernetes cluster for learning Kubernetes networking.

The public facade (see ``shared/API.md``)::

    from k8slab import Cluster, ApiError, ManifestError
"""

from k8slab.cluster import Cluster
from k8slab.errors import ApiError, ManifestError

__all__ = ["ApiError", "Cluster", "ManifestError"]

for _name in __all__:
    globals()[_name].__module__ = "k8slab"
del _name

__version__ = "0.1.0"

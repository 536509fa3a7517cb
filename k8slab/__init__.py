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


def load_ipython_extension(ipython):  # %load_ext k8slab
    """Register the notebook magics (%kubectl, %%kubectl, %curl, %nslookup, %dig …)."""
    from k8slab.notebook import load_ipython_extension as _load

    _load(ipython)

"""k8slab's notebook front end: IPython magics, the topology graph and its rendering.

Load it in a notebook with ``%load_ext k8slab.notebook`` (or ``%load_ext k8slab``).
"""

"""``python -m k8slab.grade …`` (the same as ``k8slab grade …``)."""

import sys

from k8slab.grade.cli import main

sys.exit(main())

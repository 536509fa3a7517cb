"""nbgrader configuration for the k8slab course (run nbgrader from this folder)."""

import os

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "k8slab-redes"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))

# Spanish stubs where solutions are removed.
c.ClearSolutions.code_stub = {
    "python": "# ESCRIBE TU RESPUESTA AQUÍ\nraise NotImplementedError()",
}
c.ClearSolutions.text_stub = "ESCRIBE TU RESPUESTA AQUÍ"

# Every released notebook starts with the course header.
c.IncludeHeaderFooter.header = os.path.join(c.CourseDirectory.root, "source", "header.ipynb")

# A runaway cell (an infinite loop) is interrupted after 60 s and grading goes on.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

#!/usr/bin/env bash
# Install The Littlest JupyterHub with k8slab and nbgrader (run as root on a fresh Ubuntu).
set -euo pipefail
ADMIN="${1:?usage: install.sh ADMIN_USER}"
curl -L https://tljh.jupyter.org/bootstrap.py | sudo python3 - --admin "$ADMIN"
/opt/tljh/user/bin/pip install "nbgrader==0.9.6" "git+https://github.com/k8slab/k8slab#egg=k8slab[lab]"
apt-get install -y graphviz
mkdir -p /srv/nbgrader/exchange && chmod ugo+rw /srv/nbgrader/exchange
install -d /etc/jupyter
cat > /etc/jupyter/nbgrader_config.py <<'PY'
c = get_config()
c.CourseDirectory.course_id = "k8slab-redes"
c.Exchange.root = "/srv/nbgrader/exchange"
PY
tljh-config set user_environment.default_app jupyterlab
tljh-config reload

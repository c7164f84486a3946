"""Kernels started as forks of a process that has already imported the workbooks' stack.

``provisioner.ForkingProvisioner`` is the Jupyter side (a kernel provisioner);
``forkserver`` is the process it talks to.
"""

FORKING_PROVISIONER = "inclusion-forking-provisioner"
"""The provisioner's entry-point name (pyproject.toml), for ``default_provisioner_name``."""

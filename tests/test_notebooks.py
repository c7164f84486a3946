"""Every workbook runs headless in a real kernel and shows its widgets without errors."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def run(notebook: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(ROOT)}},
    )
    client.execute()
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [output for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs]


@pytest.mark.parametrize("name", ["checklist.ipynb", "action_plan.ipynb"])
def test_workbook_shows_a_framework_picker_and_its_view(name, monkeypatch):
    # The kernel inherits the environment: it finds the package and the test frameworks.
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("INCLUSION_FRAMEWORKS_PATH", str(ROOT / "tests" / "data" / "frameworks"))
    nb = run(ROOT / "workbooks" / name)
    found = outputs(nb)
    assert not [output for output in found if output.output_type == "error"]
    views = [output for output in found if WIDGET_VIEW in output.get("data", {})]
    assert len(views) == 1
    assert "FrameworkPicker" in views[0]["data"]["text/plain"]
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    # The picker offers the facilitator's folder next to the shipped frameworks.
    labels = [str(model["state"].get("_options_labels", "")) for model in state.values()]
    assert any("Mini checklist for tests" in label for label in labels)
    assert any("oecd-12" in label or "12-point" in label for label in labels)

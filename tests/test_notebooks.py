"""Every workbook runs headless in a real kernel and shows its widgets without errors."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.server  # every test starts a kernel

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
    descriptions = {model["state"].get("description") for model in state.values()}
    assert {"Framework", "Language"} <= descriptions


@pytest.mark.parametrize("name", ["checklist.ipynb", "action_plan.ipynb"])
def test_workbook_opens_in_the_language_of_the_page_address(name, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("QUERY_STRING", "lang=fr")
    nb = run(ROOT / "workbooks" / name)
    assert not [output for output in outputs(nb) if output.output_type == "error"]
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    descriptions = {model["state"].get("description") for model in state.values()}
    assert {"Référentiel", "Langue"} <= descriptions
    assert "Framework" not in descriptions
    labels = [str(model["state"].get("_options_labels", "")) for model in state.values()]
    assert any("Liste de contrôle de l" in label for label in labels)


def test_participant_page_returns_before_the_store_loads_and_then_holds_the_workbook(
    tmp_path, monkeypatch
):
    """The page's cells return before SQLAlchemy is imported (the workbook is built just
    after, while the browser loads its scripts); the workbook is there when the page asks
    for its widgets, without pandas or matplotlib, and the tabs nobody opened are not."""
    from inclusion_widgets.frameworks import load_framework
    from inclusion_widgets.store import Store

    url = f"sqlite:///{tmp_path / 'workshop.sqlite'}"
    store = Store(url)
    info, _key = store.create_session(load_framework("liat"), "Rush", "Riga", "Larissa")
    _person, token = store.join(info.code, "Ana", "Riga", role="mentor")
    store.close()
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("INCLUSION_DB_URL", url)
    monkeypatch.setenv("QUERY_STRING", f"session={info.code}&resume={token}")
    nb = nbformat.read(ROOT / "workbooks" / "participant.ipynb", as_version=4)
    watch = (
        "import sys\n"
        "loaded = lambda: sorted(m for m in ('sqlalchemy', 'pandas', 'matplotlib')"
        " if m in sys.modules)\n"
        "get_ipython().events.register('post_run_cell', lambda _result: print(loaded()))"
    )
    after = (
        "import ipywidgets\n"
        "page = _\n"
        "print(type(page.children[0]).__name__, loaded())\n"
        "print(sorted({type(m).__name__ for m in ipywidgets.Widget.widgets.values()}))"
    )
    nb.cells = [nbformat.v4.new_code_cell(watch), *nb.cells, nbformat.v4.new_code_cell(after)]
    client = NotebookClient(nb, kernel_name="python3", timeout=120)
    client.execute()
    printed = [
        output.get("text", "").strip()
        for cell in nb.cells
        for output in cell.outputs
        if output.output_type == "stream"
    ]
    assert not [o for o in outputs(nb) if o.output_type == "error"], outputs(nb)
    # After each of the workbook's two cells: nothing heavy yet.
    assert printed[1:3] == ["[]", "[]"]
    built, kinds = printed[3].splitlines()[:2]
    assert built == "ParticipantApp ['sqlalchemy']"
    assert "Checklist" in kinds and "ActionPlan" in kinds
    for unopened in ("VoteBoard", "GroupView", "AgreedAssessment", "GroupPlan", "NoteHistory"):
        assert unopened not in kinds

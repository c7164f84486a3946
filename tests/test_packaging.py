"""The built wheel works on its own, as ``pip install .`` on Binder installs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_carries_frameworks_workbooks_migrations_and_widget_modules(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    wheel = next(tmp_path.glob("inclusion_widgets-*.whl"))
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True,
    )  # fmt: skip
    script = (
        "from inclusion_widgets.frameworks import list_frameworks, search_folders\n"
        "from inclusion_widgets.cli.serve import workbooks_folder\n"
        "from inclusion_widgets.store import Store\n"
        "print(search_folders()[-1])\n"
        "print(sorted(f.id for f in list_frameworks()))\n"
        "print(sorted(p.name for p in workbooks_folder().glob('*.ipynb')))\n"
        "from inclusion_widgets.i18n import translator\n"
        "from inclusion_widgets.frameworks import load_framework\n"
        "print(translator('lv').gettext('Action plan'), '|',"
        " load_framework('oecd-12', 'el').language)\n"
        f"Store('sqlite:///{tmp_path / 'w.sqlite'}')\n"
        "print('store ok')\n"
        "from inclusion_widgets import ActionPlan, Checklist, load_framework\n"
        "for name, kind in (('oecd-12', Checklist), ('liat', ActionPlan)):\n"
        "    state = kind(load_framework(name)).get_state()\n"
        "    print('export default' in state['_esm'] and '.ic-root' in state['_css'])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    ).stdout.splitlines()
    assert out[0].startswith(str(target))
    assert "oecd-12" in out[1] and "liat" in out[1]
    assert "participant.ipynb" in out[2] and "facilitator.ipynb" in out[2]
    assert out[3] == "Rīcības plāns | el"  # compiled catalogs and translations are shipped
    assert out[4] == "store ok"
    assert out[5:] == ["True", "True"], "the widgets' modules and styles are in the wheel"

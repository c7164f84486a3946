"""What one page of widgets costs before it reaches the browser: models and state.

Every widget model is a comm the page opens and a message round trip when it loads, and
its state is sent whole. Measured in a fresh interpreter per side: the participant's
Checklist and ActionPlan for the largest shipped framework, against a single Button.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from common import ROOT, Measurement, Options
from stack import largest_framework

TARGET_MODELS = 3
COUNT = textwrap.dedent(
    """
    import json, sys, time
    import ipywidgets
    from ipywidgets.widgets.widget import _instances
    if sys.argv[1] == "bare":
        start = time.perf_counter()
        ipywidgets.Button(description="Go")
        items = 1
    else:
        from inclusion_widgets import ActionPlan, Checklist, load_framework
        framework = load_framework(sys.argv[1])
        start = time.perf_counter()
        checklist = Checklist(framework)
        if sys.argv[2] == "plan":
            ActionPlan(framework, checklist)
        items = len(framework.items)
    built = time.perf_counter() - start
    state = sum(len(json.dumps(w.get_state(), default=str)) for w in _instances.values())
    print(json.dumps({"models": len(_instances), "bytes": state, "items": items, "s": built}))
    """
)


def count(*args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", COUNT, *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return dict(json.loads(out))


def run(options: Options) -> list[Measurement]:
    framework = largest_framework()
    bare = count("bare")
    checklist = count(framework, "checklist")
    both = count(framework, "plan")
    return [
        Measurement(
            name=f"widget models, whole checklist ({framework}, {int(checklist['items'])} items)",
            value=checklist["models"],
            baseline=bare["models"],
            unit="models",
            baseline_label="one ipywidgets Button",
            target=f"<= {TARGET_MODELS} models",
            met=checklist["models"] <= TARGET_MODELS,
            notes=(
                f"{checklist['models'] / checklist['items']:.3f} models per item",
                f"with the action plan: {both['models']:.0f} models",
                f"state sent when the page opens: {checklist['bytes'] / 1024:.1f} KiB "
                f"(checklist), {both['bytes'] / 1024:.1f} KiB (with the plan), "
                f"{bare['bytes'] / 1024:.1f} KiB (Button)",
                f"built in {checklist['s'] * 1000:.1f} ms (checklist, framework loaded), "
                f"{bare['s'] * 1000:.1f} ms (Button)",
            ),
        )
    ]

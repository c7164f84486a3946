"""The browser side of a widget in tests: messages sent as the page's ``model.send``
sends them, delivered through the widget's comm as the kernel delivers them."""

from __future__ import annotations

from typing import Any

from ipywidgets import HTML, Widget

NOW = "2026-03-01T10:00:00.000Z"


def html_of(widget: Widget) -> str:
    """Every HTML text a widget and its children show, joined, as a page would hold it."""
    values = [widget.value] if isinstance(widget, HTML) else []
    for child in getattr(widget, "children", ()):
        values.append(html_of(child))
    return "\n".join(values)


class Page:
    """The browser side of one widget: sends messages as ``model.send`` does, and keeps
    the custom messages the kernel sends back."""

    def __init__(self, widget: Widget) -> None:
        self.widget = widget
        self.received: list[dict[str, Any]] = []
        self.states: list[dict[str, Any]] = []
        self.revision = 0

        def publish(_type: str, data: Any = None, **_rest: Any) -> None:
            if isinstance(data, dict) and data.get("method") == "custom":
                self.received.append(data["content"])
            elif isinstance(data, dict) and data.get("method") == "update":
                self.states.append(data["state"])

        widget.comm.publish_msg = publish

    def shown(self, name: str) -> Any:
        """The latest value of state ``name`` the kernel sent to the page (None: none)."""
        values = [state[name] for state in self.states if name in state]
        return values[-1] if values else None

    def send(self, **content: Any) -> None:
        self.widget.comm.handle_msg(
            {
                "content": {
                    "comm_id": self.widget.comm.comm_id,
                    "data": {"method": "custom", "content": content},
                },
                "buffers": [],
            }
        )

    def answer(self, item: str, base: int = 0, when: str = NOW, **fields: Any) -> None:
        self.revision += 1
        self.send(
            type="edit",
            key=f"answer:{item}",
            item=item,
            fields=fields,
            base_version=base,
            edited_at=when,
            revision=self.revision,
        )

    def choose(self, item: str, choice: int | str) -> None:
        if isinstance(choice, int):
            self.answer(item, kind="level", level=choice)
        else:
            self.answer(item, kind=choice, level=None)

    def action(self, action_id: str, base: int = 0, **fields: Any) -> None:
        self.revision += 1
        self.send(
            type="edit",
            key=f"action:{action_id}",
            action=action_id,
            fields=fields,
            base_version=base,
            edited_at=NOW,
            revision=self.revision,
        )

    def delete(self, action_id: str, base: int = 0) -> None:
        self.revision += 1
        self.send(
            type="delete",
            key=f"action:{action_id}",
            action=action_id,
            fields={},
            base_version=base,
            edited_at=NOW,
            revision=self.revision,
        )


def messages_sent(root: Widget) -> list[dict[str, Any]]:
    """From now on, every message the widgets of ``root``'s tree send to the page (state
    updates and custom messages), in the list returned, as they are sent."""
    sent: list[dict[str, Any]] = []

    def publish(_type: str, data: Any = None, **_rest: Any) -> None:
        sent.append(data)

    def follow(widget: Widget) -> None:
        if widget.comm is not None:
            widget.comm.publish_msg = publish
        for child in getattr(widget, "children", ()):
            follow(child)

    follow(root)
    return sent

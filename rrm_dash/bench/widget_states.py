"""The widget values a browser sends back with every rerun, read from the elements it was sent.

Streamlit's front end reports the current value of every widget on the page with each rerun
request; a widget it does not report falls back to its default, which differs from what a
user sees. A client that merely looks at pages reports each widget's shown value: the value
the app set (`set_value`), else the widget's default. Buttons and uploads report nothing until
used, as in a browser.
"""

from __future__ import annotations

from typing import Any

from streamlit.proto.WidgetStates_pb2 import WidgetState


def widget_state(element: Any) -> WidgetState | None:
    """The state a browser would report for the Element proto `element`; None for elements
    that are not widgets, and for widgets that report nothing until used."""
    kind = element.WhichOneof("type")
    reader = _READERS.get(kind or "")
    if reader is None:
        return None
    widget = getattr(element, kind)
    if not widget.id:
        return None
    state = WidgetState(id=widget.id)
    return state if reader(widget, state) else None


def _date_input(widget: Any, state: WidgetState) -> bool:
    values = widget.value if widget.set_value else widget.default
    state.string_array_value.data.extend(values)
    return True


def _chosen_one(widget: Any, state: WidgetState) -> bool:
    """selectbox and radio: the chosen option's label (nothing chosen: no value)."""
    if widget.set_value:
        if not widget.HasField("raw_value"):
            return False
        state.string_value = widget.raw_value
        return True
    if not widget.HasField("default") or not 0 <= widget.default < len(widget.options):
        return False
    state.string_value = widget.options[widget.default]
    return True


def _multiselect(widget: Any, state: WidgetState) -> bool:
    if widget.set_value:
        chosen = list(widget.raw_values)
    else:
        chosen = [widget.options[i] for i in widget.default if 0 <= i < len(widget.options)]
    state.string_array_value.data.extend(chosen)
    return True


def _text(widget: Any, state: WidgetState) -> bool:
    if widget.set_value:
        if not widget.HasField("value"):
            return False
        state.string_value = widget.value
        return True
    if not widget.HasField("default"):
        return False
    state.string_value = widget.default
    return True


def _checkbox(widget: Any, state: WidgetState) -> bool:
    state.bool_value = widget.value if widget.set_value else widget.default
    return True


def _number(widget: Any, state: WidgetState) -> bool:
    field = "value" if widget.set_value else "default"
    if not widget.HasField(field):
        return False
    state.double_value = getattr(widget, field)
    return True


def _slider(widget: Any, state: WidgetState) -> bool:
    state.double_array_value.data.extend(widget.value if widget.set_value else widget.default)
    return True


_READERS = {
    "date_input": _date_input,
    "selectbox": _chosen_one,
    "radio": _chosen_one,
    "multiselect": _multiselect,
    "text_input": _text,
    "text_area": _text,
    "checkbox": _checkbox,
    "number_input": _number,
    "slider": _slider,
}

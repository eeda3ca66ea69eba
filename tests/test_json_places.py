"""Finding places in JSON text again, since Python's json keeps none."""

from __future__ import annotations

import json

import pytest

from spacequiz.core.text import MAX_JSON_DEPTH, json_brackets, parse_json


def test_brackets_inside_strings_are_not_structure() -> None:
    text = '{"a": "[{\\"}", "b": [1, {"c": "]"}]}'
    found = [(text[i], depth) for i, _bracket, depth in json_brackets(text)]
    assert found == [("{", 1), ("[", 2), ("{", 3), ("}", 3), ("]", 2), ("}", 1)]


def test_too_deep_json_is_a_decode_error_at_the_bracket_past_the_limit() -> None:
    text = '{"x": ' + "[" * (MAX_JSON_DEPTH + 2000) + "]" * (MAX_JSON_DEPTH + 2000) + "}"
    with pytest.raises(json.JSONDecodeError) as raised:
        parse_json(text)
    # The object is level 1, so the list that opens level 65 is the 64th "[".
    assert raised.value.pos == len('{"x": ') + MAX_JSON_DEPTH - 1

"""A JSON Schema of the bank format, generated from `spec` so editors check what we check."""

from __future__ import annotations

from typing import Any

from spacequiz.bank import spec
from spacequiz.core.model import QUESTION_TYPES

# Whole numbers are accepted as text (years as choices), so the schema allows them too.
_TEXT: dict[str, Any] = {"type": ["string", "integer"]}


def _field_schema(field: spec.Field) -> dict[str, Any]:
    schema: dict[str, Any]
    if field.kind == "text":
        schema = dict(_TEXT)
    elif field.kind == "slug":
        schema = {"type": "string", "pattern": spec.SLUG_PATTERN}
    elif field.kind == "enum":
        schema = {"enum": list(field.values)}
    elif field.kind == "text_list":
        schema = {"type": "array", "items": dict(_TEXT)}
        if field.min_items:
            schema["minItems"] = field.min_items
    elif field.kind == "number":
        schema = {"type": "number"}
        if field.name == "tolerance":
            schema["minimum"] = 0
    else:
        schema = {"type": "boolean"}
    schema["description"] = field.description
    return schema


def _question_schema(qtype: str) -> dict[str, Any]:
    fields = spec.QUESTION_FIELDS[qtype]  # type: ignore[index]
    properties = {f.name: _field_schema(f) for f in fields}
    properties["type"] = {"const": qtype, "description": spec.TYPE.description}
    return {
        "type": "object",
        "properties": properties,
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def bank_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07, which editors support best) of a bank file."""
    question: dict[str, Any] = {
        "type": "object",
        "required": ["id", "type", "prompt"],
        "properties": {"type": {"enum": list(QUESTION_TYPES)}},
        "allOf": [
            {
                "if": {"properties": {"type": {"const": qtype}}, "required": ["type"]},
                "then": _question_schema(qtype),
            }
            for qtype in QUESTION_TYPES
        ],
    }
    version, title, _ = spec.BANK_FIELDS
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "spacequiz question bank",
        "type": "object",
        "properties": {
            "version": {"const": spec.FORMAT_VERSION, "description": version.description},
            "title": {**_TEXT, "description": title.description},
            "questions": {"type": "array", "minItems": 1, "items": question},
        },
        "required": ["questions"],
        "additionalProperties": False,
    }

"""The JSON Schema (2020-12) of blueprint documents, derived from the model's attrs types.

Deriving the schema from the same types the converter serialises keeps the two from
drifting; the derived schema is shipped as ``data/schema/blueprint-document.schema.json``
(a test keeps the shipped file equal to :func:`schema`), and ``pwib schema`` prints it.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any, Literal, Union

import attrs

from pwib_dsl.backends.json_ import SCHEMA_ID, BlueprintDocument
from pwib_dsl.sema import model as m

_SCALARS = {str: {"type": "string"}, int: {"type": "integer"}, bool: {"type": "boolean"}, type(None): {"type": "null"}}


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if tp in _SCALARS:
        return dict(_SCALARS[tp])
    if origin is Literal:
        values = list(typing.get_args(tp))
        return {"const": values[0]} if len(values) == 1 else {"enum": values}
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        if all(attrs.has(a) for a in args):
            return {"oneOf": [_type_schema(a, defs) for a in args]}
        return {"anyOf": [_type_schema(a, defs) for a in args]}
    if origin is tuple:
        item, _ = typing.get_args(tp)
        return {"type": "array", "items": _type_schema(item, defs)}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder: guards recursion
            defs[name] = _class_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema mapping for {tp!r}")


def _class_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required = []
    for field in attrs.fields(cls):
        props[field.name] = _type_schema(hints[field.name], defs)
        if field.default is attrs.NOTHING or field.name == "kind":
            required.append(field.name)
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if cls.__doc__:
        out["description"] = " ".join(cls.__doc__.split())
    if required:
        out["required"] = required
    return out


def schema() -> dict[str, Any]:
    """The JSON Schema of a blueprint document."""
    defs: dict[str, Any] = {}
    root = _class_schema(BlueprintDocument, defs)
    root["properties"] = {"$schema": {"const": SCHEMA_ID}, **root["properties"]}
    root["properties"]["schema_version"] = {"const": m.SCHEMA_VERSION}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "pwib-dsl blueprint document",
        **{k: v for k, v in root.items() if k != "description"},
        "description": "One service blueprint, resolved, with the catalogue entries it relies on.",
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"

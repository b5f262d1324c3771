"""Input values (strict, finite, clean errors) and the JSON value types of responses."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    PlainValidator,
    StrictFloat,
    StrictInt,
    TypeAdapter,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypeAliasType

# ---- values ------------------------------------------------------------------------------
# Inputs: finite numbers or nested lists of them; no "1" -> 1 or false -> 0 coercion. One
# validator walks a value iteratively, so a wrong element gets one clear error naming its
# position (not one error per union branch) and nothing the client sent is echoed back.
MAX_VALUE_DEPTH = 32  # numpy allows 64 dimensions; nothing here needs more than a few
_FLOAT_MAX = 1.7976931348623157e308
_JSON_KIND = {str: "a string", type(None): "null", dict: "an object", bool: "a boolean"}


def check_input_value(raw: Any) -> Any:
    """Accept a finite number or a nested list of them; raise one clean error otherwise."""
    stack: list[tuple[Any, tuple[int, ...]]] = [(raw, ())]
    pop, push = stack.pop, stack.append
    while stack:
        value, where = pop()
        kind = type(value)
        if kind is list:
            if len(where) >= MAX_VALUE_DEPTH:
                raise _value_error(
                    "nested_too_deeply", where, f"is nested deeper than {MAX_VALUE_DEPTH} levels"
                )
            for k, item in enumerate(value):
                if type(item) is float and item - item == 0.0:  # the common case, inline
                    continue
                push((item, (*where, k)))
        else:
            check_input_number(value, where)
    return raw


def check_input_number(value: Any, where: tuple[int, ...] = ()) -> Any:
    """Accept a finite int or float (not a bool, not a string); raise one clean error otherwise."""
    kind = type(value)
    if kind is float:
        if value - value != 0.0:  # NaN or infinite
            raise _value_error(
                "finite_number",
                where,
                "is not finite: JSON has no NaN or Infinity, and inputs must be finite numbers",
            )
    elif kind is int:
        if abs(value) > _FLOAT_MAX:
            raise _value_error("number_too_large", where, "is too large for a 64-bit float")
    else:
        shown = _JSON_KIND.get(kind, "a list" if kind is list else kind.__name__)
        raise _value_error(
            "number_type", where, f"is {shown}, but must be a number or a nested list of numbers"
        )
    return value


def _value_error(kind: str, where: tuple[int, ...], problem: str) -> PydanticCustomError:
    at = "element " + "".join(f"[{k}]" for k in where) if where else "the value"
    return PydanticCustomError(kind, f"{at} {problem}")  # no braces: they would be placeholders


# The JSON Schemas of nested lists are written out two levels deep, the inner level open,
# rather than as a recursive union: client generators (openapi-python-client among them)
# cannot build a type from a union that refers to itself. Validation stays exact.
_NUMBER_SCHEMA: dict[str, Any] = {"type": "number"}
_NON_FINITE_SCHEMA: dict[str, Any] = {"type": "string", "enum": ["Infinity", "-Infinity", "NaN"]}


def _nested(*scalars: dict[str, Any], description: str) -> WithJsonSchema:
    inner = {"anyOf": [*scalars, {"type": "array", "items": {}}]}
    return WithJsonSchema(
        {"anyOf": [*scalars, {"type": "array", "items": inner}], "description": description}
    )


InputNumber = Annotated[
    Any, PlainValidator(check_input_number, json_schema_input_type=StrictInt | StrictFloat)
]
InputValue = Annotated[
    Any,
    PlainValidator(check_input_value),
    _nested(_NUMBER_SCHEMA, description="A finite number or a nested list of them."),
]

# Outputs: numbers, the names of non-finite numbers (JSON has none), or nested lists.
NonFinite = Literal["Infinity", "-Infinity", "NaN"]
Number = float | NonFinite
# Validated by a recursive type of its own, out of sight of the JSON Schema (see _nested).
_json_value: TypeAdapter[Any] = TypeAdapter(
    TypeAliasType("JsonValue", "Number | list[JsonValue]")  # type: ignore[arg-type]
)
JsonValue = Annotated[
    Any,
    PlainValidator(_json_value.validate_python),
    _nested(
        _NUMBER_SCHEMA,
        _NON_FINITE_SCHEMA,
        description="A number (Infinity, -Infinity, NaN as strings) or a nested list of them.",
    ),
]


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

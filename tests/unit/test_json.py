"""Payload encoding (kinbase._json.to_jsonable)."""

from __future__ import annotations

import collections
import datetime
import decimal
import enum
import json
import uuid
from typing import Any

import kinbase._json
import pytest
from hypothesis import given
from hypothesis import strategies as st
from kinbase._json import MAX_DEPTH, to_jsonable
from kinbase.errors import InvalidInputError


class Color(enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


class Name(str):
    pass


def test_conversions() -> None:
    when = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.UTC)
    value = {
        "when": when,
        "naive": datetime.datetime(2024, 5, 1, 12, 30),
        "day": datetime.date(2024, 5, 1),
        "at": datetime.time(8, 15),
        "id": uuid.UUID(int=1),
        "price": decimal.Decimal("19.90"),
        "count": decimal.Decimal(3),
        "color": Color.RED,
        "level": Level.HIGH,
        "name": Name("x"),
        "pair": (1, (2, 3)),
        "tags": {"b", "a"},
        "frozen": frozenset({2, 1}),
        "mixed": {1, "a"},
        "ordered": collections.OrderedDict(a=1),
        "nested": [{"d": datetime.date(2020, 1, 2)}],
    }
    out = to_jsonable(value, path="data")
    assert isinstance(out, dict)
    assert out["when"] == "2024-05-01T12:30:00+00:00"
    assert out["naive"] == "2024-05-01T12:30:00"
    assert out["day"] == "2024-05-01"
    assert out["at"] == "08:15:00"
    assert out["id"] == "00000000-0000-0000-0000-000000000001"
    assert out["price"] == "19.90"  # exact, and always a string
    assert out["count"] == "3"
    assert out["color"] == "red"
    assert out["level"] == 3 and type(out["level"]) is int
    assert type(out["name"]) is str
    assert out["pair"] == [1, [2, 3]]
    assert out["tags"] == ["a", "b"]
    assert out["frozen"] == [1, 2]
    assert sorted(map(str, out["mixed"])) == ["1", "a"]  # type: ignore[arg-type]
    assert out["ordered"] == {"a": 1} and type(out["ordered"]) is dict
    assert out["nested"] == [{"d": "2020-01-02"}]
    json.dumps(out, allow_nan=False)
    assert isinstance(value["nested"][0]["d"], datetime.date)  # type: ignore[index]  # input untouched


@pytest.mark.parametrize(
    ("value", "where", "what"),
    [
        ({"price": object()}, "data.price", "builtins.object"),
        ({"tags": [1, 2, b"x"]}, "data.tags[2]", "bytes"),
        ({"a b": {"c": float("nan")}}, "data['a b'].c", "nan"),
        ({"x": [float("inf")]}, "data.x[0]", "inf"),
        ({"d": decimal.Decimal("NaN")}, "data.d", "Decimal"),
        ({"k": {1: "x"}}, "data.k[1]", "keys must be strings, not int"),
        ({"t": ({"s": {1j}},)}, "data.t[0].s[0]", "complex"),
    ],
)
def test_unsupported_values_name_the_path(value: Any, where: str, what: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        to_jsonable(value, path="data")
    assert str(info.value).startswith(where + ":")
    assert what in str(info.value)
    assert isinstance(info.value, ValueError)


def test_circular_and_deep() -> None:
    loop: dict[str, Any] = {}
    loop["self"] = loop
    with pytest.raises(InvalidInputError, match="nested deeper"):
        to_jsonable(loop)
    deep: Any = 1
    for _ in range(MAX_DEPTH - 1):
        deep = [deep]
    assert to_jsonable(deep) is deep


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=30,
)


@given(json_values)
def test_plain_json_is_returned_as_is(value: Any) -> None:
    assert to_jsonable(value) is value


@given(json_values)
def test_tuples_become_lists(value: Any) -> None:
    def tuplify(v: Any) -> Any:
        if isinstance(v, list):
            return tuple(tuplify(i) for i in v)
        if isinstance(v, dict):
            return {k: tuplify(i) for k, i in v.items()}
        return v

    assert to_jsonable(tuplify(value)) == value


def test_fast_path_on_a_1000_key_dict(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain values of a dict are checked inline: one conversion call for the whole dict (not
    one per value) and nothing copied. Counted, not timed (a timing bound fails under a
    tracer such as coverage, or on a loaded machine)."""
    data = {f"key{i}": (i, f"v{i}", i * 0.5, None, True)[i % 5] for i in range(1000)}
    calls = 0
    convert = kinbase._json._convert

    def counting(obj: Any, depth: int) -> Any:
        nonlocal calls
        calls += 1
        return convert(obj, depth)

    monkeypatch.setattr(kinbase._json, "_convert", counting)
    assert to_jsonable(data) is data  # nothing copied
    assert calls == 1
    # A value that needs converting goes through the slow path, and only that one.
    data["when"] = datetime.date(2024, 1, 2)
    assert to_jsonable(data)["when"] == "2024-01-02"
    assert calls == 3


# --------------------------------------------------------------------------- wire format


@given(json_values)
def test_encode_json_round_trips_and_matches_httpx_compact_form(value: Any) -> None:
    encoded = kinbase._json.encode_json(value)
    assert json.loads(encoded) == value
    assert encoded == json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


@pytest.mark.parametrize("value", [float("nan"), {"a": [float("inf")]}])
def test_encode_json_refuses_what_is_not_json(value: Any) -> None:
    with pytest.raises(ValueError):
        kinbase._json.encode_json(value)
    with pytest.raises(TypeError):
        kinbase._json.encode_json({"when": datetime.date(2024, 1, 2)})


@given(json_values)
def test_decode_json_is_json_loads(value: Any) -> None:
    content = json.dumps(value).encode()
    assert kinbase._json.decode_json(content) == json.loads(content)


@pytest.mark.parametrize(
    "content",
    [
        b' {"a": 1}',  # leading whitespace
        b'{"a": 1}\n\t ',  # trailing whitespace
        b'\xef\xbb\xbf{"a": 1}',  # a UTF-8 byte order mark
        '{"a": "é"}'.encode("utf-16"),  # another encoding json.loads detects
        b"NaN",
    ],
)
def test_decode_json_accepts_what_json_loads_accepts(content: bytes) -> None:
    expected = json.loads(content)
    decoded = kinbase._json.decode_json(content)
    assert decoded == expected or (decoded != decoded and expected != expected)  # NaN


@pytest.mark.parametrize(
    "content", [b'{"a": 1} x', b'{"a": 1}{"b": 2}', b"{", b"", b"\xff\xfe\xfd", b"nul"]
)
def test_decode_json_refuses_what_json_loads_refuses(content: bytes) -> None:
    with pytest.raises(ValueError):
        json.loads(content)
    with pytest.raises(ValueError):
        kinbase._json.decode_json(content)

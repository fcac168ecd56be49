"""Where a list answer leaves the listing (issue 14, item 6), sans-I/O: ``page_position``
reads ``Next-Page`` and ``Total-Objects``/``Total-Records``; ``StorageList`` carries them and
stays a plain list."""

from __future__ import annotations

import pickle

import httpx
import pytest
from kinbase.storage import StorageList
from kinbase.storage._pagination import page_position

URL = "https://kinto.example/v1/buckets/b/collections/c/records"


def _page(**headers: str) -> httpx.Response:
    return httpx.Response(200, json={"data": []}, headers=headers)


def test_a_next_page_gives_its_token() -> None:
    answer = _page(**{"Next-Page": f"{URL}?_limit=3&min_x=1&_token=abc%3D"})
    assert page_position(answer) == (True, "abc=", None)


def test_the_last_page_has_no_more() -> None:
    assert page_position(_page()) == (False, None, None)


def test_a_next_page_without_a_token_still_says_more() -> None:
    assert page_position(_page(**{"Next-Page": f"{URL}?_limit=3&_since=5"})) == (True, None, None)


@pytest.mark.parametrize(
    ("headers", "total"),
    [
        ({"Total-Objects": "12"}, 12),
        ({"Total-Records": "7"}, 7),
        ({"Total-Objects": "12", "Total-Records": "99"}, 12),  # the current name wins
        ({"Total-Objects": " 0 "}, 0),
        ({"Total-Objects": "-1"}, None),
        ({"Total-Objects": "many"}, None),
        ({"Total-Objects": ""}, None),
    ],
)
def test_the_total_when_the_server_gives_a_count(
    headers: dict[str, str], total: int | None
) -> None:
    assert page_position(_page(**headers))[2] == total


def test_storage_list_stays_a_list_and_says_nothing_by_default() -> None:
    items = StorageList([{"id": "a"}])
    assert items == [{"id": "a"}] and isinstance(items, list)
    assert (items.has_more, items.next_token, items.total) == (False, None, None)
    items.has_more, items.next_token, items.total = True, "t", 3
    again = pickle.loads(pickle.dumps(items))
    assert again == items and (again.has_more, again.next_token, again.total) == (True, "t", 3)

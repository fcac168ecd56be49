"""``get_*(_limit=N)`` says whether more exist (issue 14, item 6), against the real Kinto
(``paginate_by = 5``), sync and async: ``has_more``, ``next_token`` (which fetches the next
page), ``total``; from the answer already read, without a second request."""

from __future__ import annotations

from tests.storage.conftest import Runner


def _fill(kb: Runner, count: int) -> None:
    with kb.batch() as b:
        for i in range(count):
            b.create_record(id=f"r{i:02d}", data={"n": i})


def test_a_limit_the_server_caps_says_more_exist_and_where_to_go_on(kbc: Runner) -> None:
    _fill(kbc, 12)
    kbc.requests.clear()
    page = kbc.get_records(_limit=8, _sort="n")  # Kinto caps the page at paginate_by = 5
    assert [r["n"] for r in page] == [0, 1, 2, 3, 4]
    assert page.has_more and page.next_token
    assert len(kbc.requests) == 1  # told by the answer itself: no HEAD, no second page
    assert page.total is None  # Kinto 26 sends Total-Objects only in answer to HEAD
    following = kbc.get_records(_limit=8, _sort="n", _token=page.next_token)
    assert [r["n"] for r in following] == [5, 6, 7, 8, 9]
    last = kbc.get_records(_limit=8, _sort="n", _token=following.next_token)
    assert [r["n"] for r in last] == [10, 11]
    assert not last.has_more and last.next_token is None


def test_a_limit_under_the_cap_with_more_objects_says_so(kbc: Runner) -> None:
    _fill(kbc, 4)
    page = kbc.get_records(_limit=3)
    assert len(page) == 3 and page.has_more
    whole = kbc.get_records(_limit=4)
    assert len(whole) == 4 and not whole.has_more and whole.next_token is None


def test_reading_every_page_ends_with_nothing_more(kbc: Runner) -> None:
    _fill(kbc, 12)
    every = kbc.get_records()
    assert len(every) == 12 and not every.has_more and every.next_token is None
    two = kbc.get_records(pages=2)
    assert len(two) == 10 and two.has_more


def test_other_lists_say_it_too(kbc: Runner) -> None:
    for i in range(3):
        kbc.create_collection(id=f"extra{i}")
        kbc.create_group(id=f"g{i}", data={"members": []})
    collections = kbc.get_collections(_limit=2)
    assert len(collections) == 2 and collections.has_more
    assert kbc.get_collections(_limit=2, _token=collections.next_token)
    groups = kbc.get_groups(_limit=3)
    assert len(groups) == 3 and not groups.has_more
    history = kbc.get_history(_limit=2)
    assert len(history) == 2 and history.has_more

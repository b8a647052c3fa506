from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answer.budget import CUSTOM_ID
from bot.discordbot import views
from bot.discordbot.cogs import buttons
from bot.discordbot.queries import SearchKey

texts = st.text(min_size=1, max_size=300)
names = st.none() | st.text(min_size=1, max_size=60).filter(lambda s: "|" not in s)


@given(query=texts, year=st.none() | st.integers(1900, 2100), category=names, author=names)
def test_a_search_key_survives_its_encoding(
    query: str, year: int | None, category: str | None, author: str | None
) -> None:
    key = SearchKey(query, year, category, author)
    assert SearchKey.decode(key.encode()) == key


@given(query=texts, page=st.integers(1, 500))
def test_more_buttons_fit_the_custom_id_limit_and_decode_back(query: str, page: int) -> None:
    key = SearchKey(query, 2024, "cs.CL", "Amélie Héliou")
    custom_id = views.encode_more(key, page)
    assert len(custom_id) <= CUSTOM_ID
    match = buttons.MoreButton.__discord_ui_compiled_template__.fullmatch(custom_id)
    assert match is not None and int(match["page"]) == page
    assert views.decode_more(match["key"]) == key


def test_long_queries_expire_plainly_when_the_process_forgets_them() -> None:
    key = SearchKey("x" * 200)
    custom_id = views.encode_more(key, 2)
    raw = buttons.MoreButton.__discord_ui_compiled_template__.fullmatch(custom_id)["key"]
    assert raw.startswith("~") and views.decode_more(raw) == key
    assert views.decode_more("~0000000000000000") is None  # e.g. after a restart
    assert views.decode_more("garbage-from-an-old-version") is None


def test_answer_buttons_are_numbered_like_citations_and_ids_that_do_not_fit_are_skipped() -> None:
    view = views.buttons_view(
        ["2505.24034", "x" * 120, "2507.13264"], similar_id="2505.24034", more=(SearchKey("rl"), 1)
    )
    labels = [(item.label, item.custom_id) for item in view.children]
    assert labels == [
        ("Abstract [1]", "pb:abstract:2505.24034"),
        ("Abstract [3]", "pb:abstract:2507.13264"),
        ("Similar papers", "pb:similar:2505.24034"),
        ("More results", "pb:more:1:|||rl"),
    ]
    assert view.timeout is None and all(len(item.custom_id) <= CUSTOM_ID for item in view.children)


def test_no_buttons_means_no_view() -> None:
    assert views.buttons_view([]) is None


@pytest.mark.parametrize("cls", buttons.HANDLERS)
def test_every_button_template_matches_only_its_own_ids(cls) -> None:
    own = {
        buttons.AbstractButton: "pb:abstract:1",
        buttons.SimilarButton: "pb:similar:1",
        buttons.MoreButton: "pb:more:1:|||q",
    }
    for other, custom_id in own.items():
        matched = cls.__discord_ui_compiled_template__.fullmatch(custom_id) is not None
        assert matched == (other is cls)


def test_every_button_the_layout_makes_has_a_handler() -> None:
    view = views.buttons_view(["2505.24034"], similar_id="2505.24034", more=(SearchKey("rl"), 1))
    for item in view.children:
        handlers = [
            h for h in buttons.HANDLERS if h.__discord_ui_compiled_template__.fullmatch(item.custom_id)
        ]
        assert len(handlers) == 1, item.custom_id

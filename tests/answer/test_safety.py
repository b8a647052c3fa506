from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answer.safety import escape_markdown, has_mention, neutralize


@pytest.mark.parametrize(
    "text",
    [
        "@everyone",
        "@here look",
        "hi @EVERYONE",
        "<@123456>",
        "<@!123456>",
        "<@&987>",
        "@every\u200done",
        "@\u2060here",
    ],
)
def test_mentions_are_neutralised(text: str) -> None:
    assert not has_mention(neutralize(text))


def test_harmless_text_is_unchanged() -> None:
    for text in ["pass@$k$ improves", "mail me at a@b.org", "<#123> is a channel link", "Héliou, 40 minutes"]:
        assert neutralize(text) == text


def test_invisible_characters_are_removed() -> None:
    assert neutralize("a\u200bb\u202ec\ufeffd") == "abcd"


def test_markdown_is_escaped_but_brackets_stay_readable() -> None:
    assert escape_markdown("*bold* a_b `code` [2]") == "\\*bold\\* a\\_b \\`code\\` [2]"
    assert "](" not in escape_markdown("[click](https://evil.example)")


@given(st.text())
def test_no_text_survives_as_a_mention(text: str) -> None:
    assert not has_mention(neutralize(text))
    assert not has_mention(escape_markdown(neutralize(text)))


@given(st.text(alphabet="@everyonhr<>!&0123456789\u200b\u200d ", max_size=40))
def test_mention_shaped_text_never_pings(text: str) -> None:
    assert not has_mention(neutralize(text))


def test_found_by_fuzzing_mass_mention_glued_to_a_word_is_neutralised() -> None:
    assert not has_mention(neutralize("@everyone@everyonehttps://example.com"))


def test_found_by_fuzzing_control_characters_are_removed() -> None:
    assert neutralize("red\x1b[31m text\x08\x00") == "red[31m text"


def test_found_by_fuzzing_line_start_and_widget_markup_is_escaped() -> None:
    assert (
        escape_markdown("# Big\n-# small <t:1700000000:R> <#1>")
        == "\\# Big\n\\-# small \\<t:1700000000:R\\> \\<#1\\>"
    )

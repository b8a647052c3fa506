"""The answer renderer over hostile Answers and Papers: within Discord's limits, never a ping,
never markup that paper or user text smuggled in, never a cut link."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.answer import budget
from bot.answer.render import paper_embed, papers_embed, to_embed, to_markdown, to_text
from bot.answer.types import Answer, AnswerKind, EmbedSpec
from bot.discordbot.embeds import to_discord
from bot.models import Paper
from bot.search.types import Hit
from tests.fuzz.checks import CONTROLS, LIVE_MENTION, SMUGGLERS, problems
from tests.fuzz.strategies import answers, hostile_text, papers

pytestmark = pytest.mark.fuzz


def assert_embed_ok(spec: EmbedSpec, *, help_text: bool = False) -> None:
    assert len(spec.title) <= 256
    assert len(spec.description) <= 4096
    assert len(spec.fields) <= 25
    for field in spec.fields:
        assert 0 < len(field.name) <= 256 and 0 < len(field.value) <= 1024
    assert len(spec.footer) <= 2048
    total = len(spec.title) + len(spec.description) + len(spec.footer)
    assert total + sum(len(f.name) + len(f.value) for f in spec.fields) <= 6000
    parts = [spec.title, spec.description, spec.footer, *(f.name for f in spec.fields)]
    parts += [f.value for f in spec.fields]
    for part in parts:
        assert not problems(part, help_text=help_text), (part[:300], problems(part, help_text=help_text))
    embed = to_discord(spec)  # what the Discord edge sends: the same limits, as discord.py counts
    assert len(embed) <= 6000 and len(embed.fields) <= 25


@given(answers())
def test_markdown_message_fits_and_is_inert(answer: Answer) -> None:
    message = to_markdown(answer)
    assert len(message) <= budget.MESSAGE_LIMIT
    found = problems(message, help_text=answer.kind is AnswerKind.HELP)
    assert not found, (message[:500], found)


@given(answers())
def test_terminal_text_cannot_ping_or_hide_text(answer: Answer) -> None:
    text = to_text(answer)
    assert not LIVE_MENTION.search(text)
    assert not SMUGGLERS.search(text) and not CONTROLS.search(text)


@given(answers())
def test_answer_embed_fits_and_is_inert(answer: Answer) -> None:
    assert_embed_ok(to_embed(answer), help_text=answer.kind is AnswerKind.HELP)


@given(papers())
def test_paper_card_fits_and_is_inert(paper: Paper) -> None:
    assert_embed_ok(paper_embed(paper))


@given(
    hostile_text(),
    st.lists(st.one_of(papers(), papers().map(lambda p: Hit(p, 1.0))), max_size=30),
    st.integers(-3, 10),
    st.integers(1, 25),
)
def test_list_page_fits_and_is_inert(title: str, items: list[Paper | Hit], page: int, per_page: int) -> None:
    spec = papers_embed(title, items, page, per_page)
    assert_embed_ok(spec)
    assert spec.footer.startswith("Page ")

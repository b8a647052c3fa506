from __future__ import annotations

import pytest

from bot.answer.query import Aspect, IntentKind, normalize_arxiv_id, understand


@pytest.mark.parametrize(
    ("text", "arxiv_id"),
    [
        ("2507.13264", "2507.13264"),
        ("what is arXiv:2505.24034 about?", "2505.24034"),
        ("ARXIV: 2505.24034v3", "2505.24034"),
        ("https://arxiv.org/abs/2507.13264v2", "2507.13264"),
        ("https://arxiv.org/pdf/2507.13264v1.pdf", "2507.13264"),
        ("old style hep-th/9901001v2 please", "hep-th/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
    ],
)
def test_arxiv_ids_and_urls(text: str, arxiv_id: str) -> None:
    intent = understand(text)
    assert intent.kind is IntentKind.PAPER_ID
    assert intent.text == arxiv_id


@pytest.mark.parametrize("text", ["version 1.5 of the model", "12345.678", "about 2025.1 percent"])
def test_numbers_are_not_ids(text: str) -> None:
    assert normalize_arxiv_id(text) is None


@pytest.mark.parametrize("text", ["hello", "Hi there!", "help", "  ", "thanks", "what can you do?"])
def test_greetings_get_help(text: str) -> None:
    assert understand(text).kind is IntentKind.HELP


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("papers by Amélie Héliou", "Amélie Héliou"),
        ("show me all papers from amelie heliou", "amelie heliou"),
        ("What has Guillaume Lample written?", "Guillaume Lample"),
        ("works by A. Héliou since 2020", "A. Héliou"),
    ],
)
def test_papers_by_name(text: str, name: str) -> None:
    intent = understand(text)
    assert (intent.kind, intent.text) == (IntentKind.BY_AUTHOR, name)


def test_latest_on_a_topic_with_years() -> None:
    intent = understand("latest papers on speech recognition since 2025")
    assert (intent.kind, intent.text, intent.years) == (IntentKind.LATEST, "speech recognition", (2025, None))
    assert understand("recent papers").text == ""


def test_follow_ups_only_with_memory() -> None:
    # Without memory it is a question about a paper named "the second one" (not a follow-up).
    assert understand("who wrote the second one?").kind is not IntentKind.FOLLOW_UP
    intent = understand("who wrote the second one?", has_memory=True)
    assert (intent.kind, intent.ref, intent.aspect) == (IntentKind.FOLLOW_UP, 2, Aspect.AUTHORS)


@pytest.mark.parametrize(
    ("text", "ref", "aspect"),
    [
        ("tell me more about [2]", 2, Aspect.DETAILS),
        ("what license does it use?", None, Aspect.LICENSE),
        ("when was the first one published?", 1, Aspect.DATE),
        ("link to #3 please", 3, Aspect.LINK),
        ("and the last one, who are its authors?", -1, Aspect.AUTHORS),
    ],
)
def test_follow_up_references(text: str, ref: int | None, aspect: Aspect) -> None:
    intent = understand(text, has_memory=True)
    assert (intent.kind, intent.ref, intent.aspect) == (IntentKind.FOLLOW_UP, ref, aspect)


def test_follow_up_topic_drops_the_reference() -> None:
    assert (
        understand("what license does the first one use?", has_memory=True).text == "what license does use?"
    )
    assert (
        understand("which benchmarks does [2] report?", has_memory=True).text
        == "which benchmarks does report?"
    )


def test_questions_without_reference_are_fresh_even_with_memory() -> None:
    assert understand("how does Voxtral compare to Whisper?", has_memory=True).kind is IntentKind.COMPARE
    assert understand("what delay does Voxtral use?", has_memory=True).kind is IntentKind.QUESTION


def test_similar_by_id_or_reference() -> None:
    assert understand("papers like 2507.13264").text == "2507.13264"
    assert understand("more like [2]").ref == 2


def test_found_by_fuzzing_no_fragment_of_a_malformed_old_style_id() -> None:
    assert normalize_arxiv_id("cond-mat.str-el/0102536") is None
    assert normalize_arxiv_id("see hep-th/9901001v2") == "hep-th/9901001"

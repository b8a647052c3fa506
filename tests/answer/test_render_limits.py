"""Discord's limits hold by construction, whatever the corpus holds; nothing ever pings anyone."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.answer import budget
from bot.answer.budget import embed_fits
from bot.answer.render import paper_embed, to_embed, to_markdown, to_text
from bot.answer.safety import has_mention
from bot.answer.types import Answer, AnswerKind, Citation, EmbedSpec
from bot.models import Paper

WORD = "Transformers"
HUGE_TITLE = " ".join([WORD] * 600)  # 7,800 characters
AUTHORS = tuple(f"Author{i} Surname{i}" for i in range(200))
LONG_SENTENCE = "We show that " + " ".join(["scaling"] * 900) + " works."


def paper(
    i: int, title: str = HUGE_TITLE, authors: tuple[str, ...] = AUTHORS, abstract: str = LONG_SENTENCE
) -> Paper:
    return Paper(id=f"p{i}", title=title, abstract=abstract, authors=authors, arxiv_id=f"2507.{13260 + i}")


def huge_answer(kind: AnswerKind, n: int = 10) -> Answer:
    citations = tuple(
        Citation(i, paper(i), 10.0 - i, LONG_SENTENCE, (LONG_SENTENCE, LONG_SENTENCE))
        for i in range(1, n + 1)
    )
    return Answer(
        HUGE_TITLE, kind, LONG_SENTENCE, citations, suggestions=tuple(c.paper for c in citations), matched=500
    )


def embed_strings(spec: EmbedSpec) -> list[str]:
    return [
        spec.title,
        spec.description,
        spec.footer,
        *(f.name for f in spec.fields),
        *(f.value for f in spec.fields),
    ]


def assert_no_broken_words_or_links(text: str, source_words: set[str]) -> None:
    for token in text.split():
        if token.endswith(budget.ELLIPSIS) and len(token) > 1:
            stem = token[: -len(budget.ELLIPSIS)].strip("*“”\"'>()[],:")
            assert not stem or stem in source_words, f"cut mid-word: {token!r}"
    for url in re.findall(r"https?://\S+", text):
        assert re.fullmatch(r"https://arxiv\.org/abs/2507\.\d{5}[>)]?", url), f"broken link: {url!r}"


def test_huge_answers_fit_one_message_and_one_embed() -> None:
    source_words = (
        set(HUGE_TITLE.split())
        | set(LONG_SENTENCE.split())
        | {w.strip(",") for a in AUTHORS for w in a.split()}
    )
    for kind in AnswerKind:
        answer = huge_answer(kind)
        markdown = to_markdown(answer)
        assert len(markdown) <= budget.MESSAGE_LIMIT, kind
        assert_no_broken_words_or_links(markdown, source_words)
        spec = to_embed(answer)
        assert embed_fits(spec), kind
        for text in embed_strings(spec):
            assert_no_broken_words_or_links(text, source_words)


def test_richest_rendering_that_fits_is_kept() -> None:
    """Limits remove detail only when needed: a normal answer keeps everything."""
    small = Paper(
        id="s", title="Voxtral", abstract="We present Voxtral.", authors=("A B", "C D"), arxiv_id="2507.13264"
    )
    answer = Answer(
        "q",
        AnswerKind.ANSWER,
        "",
        (Citation(1, small, 1.0, "We present Voxtral.", ("Quote one.", "Quote two.")),),
    )
    markdown = to_markdown(answer)
    assert "Quote one." in markdown and "Quote two." in markdown and "A B, C D" in markdown


def test_two_hundred_authors_become_et_al() -> None:
    answer = Answer("q", AnswerKind.ANSWER, "", (Citation(1, paper(1, title="Short"), 1.0, "S.", ("E.",)),))
    assert "Author0 Surname0, Author1 Surname1, Author2 Surname2 et al." in to_markdown(answer)
    assert "Author3" not in to_markdown(answer)


def test_a_whole_abstract_card_splits_without_losing_words() -> None:
    sentences = [
        f"Sentence number {i} says something about transformers and scaling laws." for i in range(120)
    ]
    long_paper = paper(1, title="A long one", abstract=" ".join(sentences))
    spec = to_embed(Answer("q", AnswerKind.PAPER, "", (Citation(1, long_paper, 1.0, sentences[0]),)))
    assert embed_fits(spec)
    assert spec.description.startswith("Sentence number 0 says")
    shown = " ".join([spec.description, *(f.value for f in spec.fields if f.name.startswith("Abstract"))])
    # Every sentence shown is whole.
    for piece in re.findall(r"Sentence number \d+[^.]*\.", shown):
        assert piece in long_paper.abstract


MENTIONS = st.sampled_from(
    ["@everyone", "@here", "<@123>", "<@!123>", "<@&456>", "@every\u200bone", "@\u200dhere", "＠everyone"]
)
TEXT = st.lists(st.one_of(MENTIONS, st.text(max_size=30)), max_size=6).map(" ".join)


@given(title=TEXT, abstract=TEXT, author=TEXT, question=TEXT, kind=st.sampled_from(list(AnswerKind)))
def test_no_output_can_mention_anyone(
    title: str, abstract: str, author: str, question: str, kind: AnswerKind
) -> None:
    hostile = Paper(id="x", title=title, abstract=abstract, authors=(author, "Ann Other"), arxiv_id=None)
    citation = Citation(1, hostile, 1.0, abstract, (abstract, title))
    answer = Answer(question, kind, question, (citation,), suggestions=(hostile,), matched=1)
    spec = to_embed(answer)
    outputs = [to_markdown(answer), to_text(answer), *embed_strings(spec)]
    assert not any(has_mention(text) for text in outputs)
    assert len(outputs[0]) <= budget.MESSAGE_LIMIT and embed_fits(spec)


def test_found_by_fuzzing_a_paper_answer_without_citations_and_an_empty_title() -> None:
    bare = Answer("q", AnswerKind.PAPER, "Nothing by that id.")
    assert to_markdown(bare) == "Nothing by that id." and to_text(bare) == "Nothing by that id."
    untitled = Paper(id="x", title="\u200b", abstract="An abstract.")
    listed = to_markdown(Answer("q", AnswerKind.PAPERS, "List", (Citation(1, untitled, 1.0, ""),)))
    assert "****" not in listed and "(untitled)" in listed


def test_found_by_fuzzing_a_list_without_a_heading_has_no_empty_bold() -> None:
    untitled = Paper(id="x", title="T", abstract="An abstract.")
    listed = to_markdown(Answer("q", AnswerKind.PAPERS, "", (Citation(1, untitled, 1.0, ""),)))
    assert not listed.startswith("****") and "**T**" in listed


def test_found_by_fuzzing_paper_facts_cannot_ping() -> None:
    hostile = Paper(id="x", title="T", abstract="A.", arxiv_id="@everyone", pages="@here", category="<@1>")
    spec = paper_embed(hostile)
    assert not any(has_mention(f.value) for f in spec.fields)
    blank = paper_embed(Paper(id="x", title="T", abstract="A.", category="", categories=("\u200b",)))
    assert all(f.value for f in blank.fields)


def test_shortening_never_glues_the_ellipsis_to_a_link() -> None:
    """Found by the renderer fuzz target: a title that was a URL plus a long word became
    ``http://x.example/a…``, and Discord would have linked the ellipsis into the URL."""
    title = "see http://evil.example/path_with_underscores?q=1 " + "a" * 300
    short = budget.shorten(title, 256)
    assert short == "see http://evil.example/path_with_underscores?q=1 …"
    assert budget.shorten(title, 50) == "see…"  # no room for the link and a spaced ellipsis
    assert budget.shorten("alpha beta gamma", 12) == "alpha beta…"
    card = paper_embed(paper(1, title=title))
    assert not any(w.endswith("…") and "://" in w for w in card.title.split())

"""Query understanding: what is the user asking for, before any retrieval happens.

``understand`` maps raw text to one small frozen ``Intent``. It is pure and needs no corpus; the
responder decides what to do with it (follow-ups only make sense when a conversation remembers
papers, so the caller says whether it does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class IntentKind(StrEnum):
    HELP = "help"  # greeting, "help", empty
    PAPER_ID = "paper_id"  # an arXiv id or URL
    BY_AUTHOR = "by_author"  # "papers by NAME"
    LATEST = "latest"  # "latest papers on X" (topic may be empty)
    SIMILAR = "similar"  # "papers like 2507.13264" / "more like [2]"
    FOLLOW_UP = "follow_up"  # about papers cited just before
    QUESTION = "question"  # anything else: retrieve and answer


class Aspect(StrEnum):
    """What a follow-up wants to know about the paper it refers to."""

    AUTHORS = "authors"
    DATE = "date"
    LINK = "link"
    LICENSE = "license"  # answered from the abstract's own licensing sentence, if it has one
    DETAILS = "details"
    SIMILAR = "similar"
    OTHER = "other"  # answered from the paper's own sentences (e.g. "what license does it use?")


@dataclass(frozen=True, slots=True)
class Intent:
    kind: IntentKind
    text: str  # the part to search for / the name / the arXiv id; the question itself by default
    ref: int | None = None  # follow-ups and "more like [n]": 1-based position in the last answer
    aspect: Aspect | None = None
    years: tuple[int | None, int | None] = (None, None)  # "since 2024", "in 2023", "before 2022"


# New-style ids (2507.13264, optional version) and old-style ones (hep-th/9901001, math.GT/0309136).
_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}"
ARXIV_ID = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html)/|\barxiv:\s*|(?<![\w./-]))(?P<id>{_NEW_ID}|{_OLD_ID})(?:v\d+)?(?:\.pdf)?\b",
    re.IGNORECASE,
)

_GREETING = re.compile(
    r"^(?:hi|hello|hey|hiya|yo|howdy|greetings|good (?:morning|afternoon|evening)|thanks?(?: you)?|"
    r"thx|help|usage|commands|what can you do|how do (?:i|you) use (?:this|you)|who are you)\b[\s!?.,]*"
    r"(?:there|everyone|all|bot|paperbot)?[\s!?.,]*$",
    re.IGNORECASE,
)
_BY_AUTHOR = re.compile(
    r"^(?:(?:show|list|find|give|get)(?: me)?\s+)?(?:all\s+)?(?:the\s+)?"
    r"(?:papers?|works?|articles?|publications?)\s+(?:written\s+|authored\s+)?(?:by|from|of)\s+(?P<name>.+?)[\s?.!]*$"
    r"|^(?:what|which)\s+(?:papers?\s+)?(?:has|did|have)\s+(?P<name2>.+?)\s+(?:write|written|publish(?:ed)?|authored)[\s?.!]*$",
    re.IGNORECASE,
)
_LATEST = re.compile(
    r"^(?:(?:show|list|find|give|get|what are)(?: me)?\s+)?(?:the\s+)?(?:latest|newest|recent|most recent|new)\s+"
    r"(?:papers?|works?|articles?|publications?|research|stuff)?\s*(?:(?:on|about|in|for|regarding)\s+(?P<topic>.+?))?[\s?.!]*$",
    re.IGNORECASE,
)
_SIMILAR = re.compile(
    r"^(?:(?:show|find|give|get)(?: me)?\s+)?(?:papers?\s+|more\s+)?(?:similar\s+to|like)\s+(?P<target>.+?)[\s?.!]*$",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(
    r"\b(?P<op>since|after|from|before|until|in)\s+(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE
)

# How people phrase a request to a bot, not what they ask about: words that never occur in
# abstracts, so left in they would dominate the idf-weighted coverage and sink a good question
# ("can you tell me about Voxtral, please?"). Removed from the searched text of a question only.
_REQUEST_WORDS = re.compile(
    r"\b(?:please|pls|plz|kindly|thanks|thank\s+you|thx|cheers|hey|hi|hello|"
    r"(?:can|could|would|will)\s+you|(?:i'?d|i\s+would)\s+like\s+to|i\s+(?:want|wish|need)\s+to|"
    r"tell\s+me(?:\s+more)?|let\s+me\s+know|explain|describe|summari[sz]e|know|wondering|wonder|curious|"
    r"discuss(?:es|ed|ing)?|mention(?:s|ed)?|talks?\s+about|anything|something)\b",
    re.IGNORECASE,
)

# References to papers of the previous answer.
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": -1, "top": 1,
}  # fmt: skip
_MARKER = re.compile(r"\[(\d{1,2})\]|#(\d{1,2})\b|\b(?:paper|number|no\.?)\s*(\d{1,2})\b", re.IGNORECASE)
_ORDINAL = re.compile(
    rf"\bthe\s+({'|'.join(_ORDINALS)})(?:\s+(?:one|paper|result|citation|article))?\b", re.IGNORECASE
)
_ANAPHOR = re.compile(
    r"\b(?:it|its|this(?: one| paper)?|that(?: one| paper)?|the paper|these|those|they|them|their)\b",
    re.IGNORECASE,
)
_ASPECTS: tuple[tuple[Aspect, re.Pattern[str]], ...] = (
    (Aspect.AUTHORS, re.compile(r"\b(?:who\s+(?:wrote|write|writes|authored|made|did)|authors?|written\s+by)\b", re.I)),
    (Aspect.DATE, re.compile(r"\b(?:when|what\s+year|which\s+year|published|date|how\s+old)\b", re.I)),
    (Aspect.LICENSE, re.compile(r"\b(?:licen[cs](?:e[ds]?|ing)|under\s+what\s+terms|open[- ]?source(?:d)?\s*\?)", re.I)),
    (Aspect.LINK, re.compile(r"\b(?:link|url|where\s+can\s+i\s+(?:read|find)|pdf)\b", re.I)),
    (Aspect.SIMILAR, re.compile(r"\b(?:similar|more\s+like|related)\b", re.I)),
    (Aspect.DETAILS, re.compile(r"\b(?:tell\s+me\s+more|more\s+about|details?|abstract|summar(?:y|ise|ize)|what\s+is\s+it\s+about|expand)\b", re.I)),
)  # fmt: skip


def understand(text: str, *, has_memory: bool = False) -> Intent:
    """Classify ``text``; ``has_memory`` says whether a previous answer can be referred to."""
    question = " ".join(text.split())
    years = _years(question)
    if not question or _GREETING.match(question):
        return Intent(IntentKind.HELP, question)
    if has_memory and (follow := _follow_up(question)):
        return follow
    if match := _SIMILAR.match(question):
        target = match.group("target")
        ref = _reference(target)
        return Intent(IntentKind.SIMILAR, _arxiv_id(target) or target, ref=ref)
    if arxiv_id := _arxiv_id(question):
        return Intent(IntentKind.PAPER_ID, arxiv_id)
    if match := _BY_AUTHOR.match(question):
        name = _YEAR_RANGE.sub("", match.group("name") or match.group("name2")).strip(" ,")
        return Intent(IntentKind.BY_AUTHOR, name, years=years)
    if match := _LATEST.match(question):
        topic = _YEAR_RANGE.sub("", match.group("topic") or "").strip(" ,")
        return Intent(IntentKind.LATEST, topic, years=years)
    return Intent(IntentKind.QUESTION, without_request_words(question), years=years)


def without_request_words(question: str) -> str:
    """The question without the politeness and request phrasing around what is asked."""
    return " ".join(_REQUEST_WORDS.sub(" ", question).split())


def normalize_arxiv_id(text: str) -> str | None:
    """The bare id (no version, no prefix) if ``text`` is or contains exactly an arXiv id or URL."""
    return _arxiv_id(text)


def _arxiv_id(text: str) -> str | None:
    match = ARXIV_ID.search(text)
    if not match:
        return None
    found = match.group("id")
    # Old-style archive names are lower case; the subject class (math.GT) keeps its capitals.
    if "/" in found:
        archive, number = found.split("/")
        head, _, subject = archive.partition(".")
        return f"{head.lower()}{'.' + subject.upper() if subject else ''}/{number}"
    return found


def _follow_up(question: str) -> Intent | None:
    ref = _reference(question)
    if ref is None and not _ANAPHOR.search(question):
        return None
    aspect = next((aspect for aspect, pattern in _ASPECTS if pattern.search(question)), Aspect.OTHER)
    # What is asked, without the words pointing at the paper ("the first one", "[2]", "it").
    topic = " ".join(_ANAPHOR.sub(" ", _ORDINAL.sub(" ", _MARKER.sub(" ", question))).split())
    return Intent(IntentKind.FOLLOW_UP, topic, ref=ref, aspect=aspect)


def _reference(text: str) -> int | None:
    if match := _MARKER.search(text):
        return int(next(group for group in match.groups() if group))
    if match := _ORDINAL.search(text):
        return _ORDINALS[match.group(1).lower()]
    return None


def _years(text: str) -> tuple[int | None, int | None]:
    low: int | None = None
    high: int | None = None
    for match in _YEAR_RANGE.finditer(text):
        op, year = match.group("op").lower(), int(match.group("year"))
        if op in ("since", "from"):
            low = year
        elif op == "after":
            low = year + 1
        elif op in ("before", "until"):
            high = year - 1 if op == "before" else year
        else:
            low = high = year
    return low, high

"""Query understanding: what is the user asking for, before any retrieval happens.

``understand`` maps raw text to one small frozen ``Intent``. It is pure and needs no corpus; the
responder decides what to do with it (follow-ups only make sense when a conversation remembers
papers, so the caller says whether it does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.answer.dates import Period, find_period


class IntentKind(StrEnum):
    HELP = "help"  # greeting, "help", empty
    PAPER_ID = "paper_id"  # an arXiv id or URL
    BY_AUTHOR = "by_author"  # "papers by NAME"
    LATEST = "latest"  # "latest papers on X" (topic may be empty)
    SIMILAR = "similar"  # "papers like 2507.13264" / "more like [2]"
    COMPARE = "compare"  # "compare A and B", "A vs B", "difference between A and B"
    FACT = "fact"  # "who wrote X?", "when was X published?", "how much faster is X than Y?"
    LIST = "list"  # "which papers use X?", "papers that ...", "list papers from 2026"
    FOLLOW_UP = "follow_up"  # about papers cited just before
    QUESTION = "question"  # anything else: retrieve and answer


class Aspect(StrEnum):
    """What a follow-up wants to know about the paper it refers to."""

    AUTHORS = "authors"
    DATE = "date"
    LINK = "link"
    CATEGORY = "category"
    NUMBER = "number"  # "how much faster...", "how many...": the sentence with the number
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
    period: Period = field(default_factory=Period)  # "since 2024", "last month", "before March"
    sides: tuple[str, ...] = ()  # what a comparison compares, as named
    facet: str = ""  # what a comparison is about ("on latency"): empty when not said

    @property
    def years(self) -> tuple[int | None, int | None]:
        return self.period.years


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
_PAPERS = r"(?:papers?|works?|articles?|studies|publications?|preprints?)"
_SIDES_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:vs\.?|versus)\s+", re.IGNORECASE)
_COMPARE = re.compile(
    r"^(?:(?:compare|contrast)\s+(?P<a>.+?)\s+(?:and|with|to|against|vs\.?|versus)\s+(?P<b>.+?)"
    r"|(?:what(?:'s|\s+is|\s+are)\s+)?(?:the\s+)?(?:main\s+|key\s+)?differences?\s+between\s+(?P<a2>.+?)\s+and\s+(?P<b2>.+?)"
    r"|how\s+(?:does|do|is|are)\s+(?P<a3>.+?)\s+(?:differ|different|compare)\s+(?:from|to|with|against)\s+(?P<b3>.+?)"
    r"|(?P<a4>.+?)\s+(?:vs\.?|versus)\s+(?P<b4>.+?))"
    r"(?:\s+(?:on|in\s+terms\s+of|regarding|with\s+respect\s+to|for)\s+(?P<facet>.+?))?[\s?.!]*$",
    re.IGNORECASE,
)
_FACTS: tuple[tuple[Aspect, re.Pattern[str]], ...] = tuple(
    (aspect, re.compile(rf"^{pattern}[\s?.!]*$", re.IGNORECASE))
    for aspect, pattern in (
        (Aspect.AUTHORS, r"who\s+(?:wrote|writes|authored|created|made|developed|is\s+behind|are\s+behind)\s+(?P<subject>.+?)"),
        (Aspect.AUTHORS, r"(?:who\s+(?:are|were|is)\s+|(?:list|name|give\s+me)\s+)?(?:the\s+)?authors?\s+(?:of|for|behind)\s+(?P<subject>.+?)"),
        (Aspect.DATE, r"when\s+(?:was|were|did|is)\s+(?P<subject>.+?)\s+(?:published|released|written|submitted|posted|announced|out|come\s+out|appear(?:ed)?|from)"),
        (Aspect.DATE, r"(?:what|which)\s+(?:year|date)\s+(?:was|is|did)\s+(?P<subject>.+?)(?:\s+(?:published|released|written|submitted|come\s+out|appear|from))?"),
        (Aspect.DATE, r"(?:the\s+)?(?:publication|release|submission)\s+date\s+of\s+(?P<subject>.+?)"),
        (Aspect.CATEGORY, r"(?:what|which)\s+(?:arxiv\s+)?(?:category|categories|subject\s+area|field)\s+(?:is|are|does|was)\s+(?P<subject>.+?)(?:\s+(?:in|under|filed\s+under|belong\s+to|from))?"),
        (Aspect.CATEGORY, r"(?:the\s+)?(?:arxiv\s+)?categor(?:y|ies)\s+of\s+(?P<subject>.+?)"),
        (Aspect.LINK, r"(?:(?:give|send|show|get)\s+(?:me\s+)?)?(?:the\s+|a\s+)?(?:arxiv\s+)?(?:link|url|pdf)\s+(?:to|for|of)\s+(?P<subject>.+?)"),
        (Aspect.LINK, r"where\s+can\s+i\s+(?:read|find|get|download)\s+(?P<subject>.+?)"),
        (Aspect.LICENSE, r"(?:what|which)\s+licen[cs]e\s+(?:does|is|did|has)\s+(?P<subject>.+?)(?:\s+(?:use|under|have|released\s+under|ship\s+with|come\s+with))?"),
        (Aspect.LICENSE, r"(?:the\s+)?licen[cs]e\s+(?:of|for)\s+(?P<subject>.+?)"),
        (Aspect.LICENSE, r"is\s+(?P<subject>.+?)\s+open[- ]?source(?:d)?"),
    )
)  # fmt: skip
_NUMBER = re.compile(
    r"^(?:by\s+)?how\s+(?:much|many|fast|large|big|long|small|far|often|accurate)\b"
    r"|^(?:what|which)\s+(?:is|was|are|were)\s+the\s+(?:speed-?up|accuracy|number|size|percentage|count|score)\b",
    re.IGNORECASE,
)
# The quantity asked for ("how much faster", "how many"): what the sentence must hold a number
# for, not a topic a paper must cover.
_QUANTITY = re.compile(
    r"^(?:by\s+)?how\s+(?:much|many|fast|large|big|long|small|far|often|accurate)(?:\s+(?:more|less|fewer|\w+er))?\b",
    re.IGNORECASE,
)
_LIST = re.compile(
    rf"^(?:(?:list|show|find|give|get|name|search)\s+(?:me\s+)?(?:all\s+|every\s+|some\s+|any\s+)?(?:the\s+)?{_PAPERS}"
    rf"|(?:which|what)\s+{_PAPERS}"
    rf"|(?:are\s+there|do\s+you\s+(?:have|know))\s+(?:any\s+)?{_PAPERS}"
    rf"|(?:all\s+|any\s+)?(?:the\s+)?{_PAPERS}(?=\s+(?:that|which|about|on|using|with|where|in)\b|$))"
    rf"(?P<topic>.*?)[\s?.!]*$",
    re.IGNORECASE,
)
# "papers that use X", "which papers are about X": the verb linking the papers to their topic.
_LINK_WORDS = re.compile(
    r"^(?:(?:that|which|who)\s+)?(?:(?:are|is|were|was)\s+)?"
    r"(?:(?:uses?|using|used|apply|applies|applying|propose|proposes|proposing|study|studies|studying|"
    r"address|addresses|tackle|tackles|deal|deals|focus|focuses|introduce|introduces|present|presents|"
    r"report|reports|cover|covers|involve|involves|employ|employs|exist|have|has|do|does|talk|investigate|"
    r"investigates|explore|explores|evaluate|evaluates)\s+)?"
    r"(?:(?:about|on|with|in|regarding|concerning|for|into)\s+)?",
    re.IGNORECASE,
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
    (Aspect.CATEGORY, re.compile(r"\b(?:categor(?:y|ies)|arxiv\s+subject)\b", re.I)),
    (Aspect.SIMILAR, re.compile(r"\b(?:similar|more\s+like|related)\b", re.I)),
    (Aspect.DETAILS, re.compile(r"\b(?:tell\s+me\s+more|more\s+about|details?|abstract|summar(?:y|ise|ize)|what\s+is\s+it\s+about|expand)\b", re.I)),
)  # fmt: skip


def understand(text: str, *, has_memory: bool = False, today: date | None = None) -> Intent:
    """Classify ``text``; ``has_memory`` says whether a previous answer can be referred to, and
    ``today`` resolves relative dates ("last month"; without it only absolute ones are read)."""
    question = " ".join(text.split())
    if not question or _GREETING.match(question):
        return Intent(IntentKind.HELP, question)
    if has_memory and (follow := _follow_up(question)):
        return follow
    if match := _SIMILAR.match(question):
        target = match.group("target")
        ref = _reference(target)
        return Intent(IntentKind.SIMILAR, _arxiv_id(target) or target, ref=ref)
    period, rest = find_period(question, today)
    if compare := _comparison(rest, period):
        return compare
    if arxiv_id := _arxiv_id(question):
        return Intent(IntentKind.PAPER_ID, arxiv_id)
    return _by_pattern(rest, period)


def _by_pattern(rest: str, period: Period) -> Intent:
    """Facts, authors, latest, lists, numbers, or an open question (``rest``: dates removed)."""
    for aspect, pattern in _FACTS:
        if match := pattern.match(rest):
            return Intent(IntentKind.FACT, _clean(match.group("subject")), aspect=aspect, period=period)
    if match := _BY_AUTHOR.match(rest):
        name = (match.group("name") or match.group("name2")).strip(" ,")
        return Intent(IntentKind.BY_AUTHOR, name, period=period)
    if match := _LATEST.match(rest):
        return Intent(IntentKind.LATEST, (match.group("topic") or "").strip(" ,"), period=period)
    if match := _LIST.match(rest):
        return Intent(IntentKind.LIST, list_topic(match.group("topic")), period=period)
    searched = without_request_words(rest)
    if _NUMBER.match(rest):
        return Intent(IntentKind.FACT, searched, aspect=Aspect.NUMBER, period=period)
    if period.active and not re.search(r"\w", searched):  # "anything from 2025?"
        return Intent(IntentKind.LIST, "", period=period)
    return Intent(IntentKind.QUESTION, searched, period=period)


def list_topic(text: str) -> str:
    """What a list is about, without the words linking papers to it ("that use", "about")."""
    return _LINK_WORDS.sub("", without_request_words(text).strip(" ,:"), count=1).strip(" ,")


def quantity_free(text: str) -> str:
    """A number question without its "how much faster": the topic a paper must cover."""
    return _QUANTITY.sub("", text, count=1).strip()


def _comparison(rest: str, period: Period) -> Intent | None:
    match = _COMPARE.match(rest)
    if not match:
        return None
    groups = [(match.group(f"a{n}"), match.group(f"b{n}")) for n in ("", "2", "3", "4")]
    first, last = next(pair for pair in groups if pair[0])
    sides = tuple(_clean(side) for side in [*_SIDES_SPLIT.split(first), *_SIDES_SPLIT.split(last)])
    sides = tuple(dict.fromkeys(side for side in sides if side))
    if len(sides) < 2:
        return None
    facet = _clean(match.group("facet") or "")
    return Intent(IntentKind.COMPARE, rest, period=period, sides=sides, facet=facet)


def _clean(text: str) -> str:
    """A named thing as the user wrote it, without quotes, articles and request words around it."""
    text = without_request_words(text).strip(" ,:;\"'“”‘’`")
    return re.sub(r"^(?:the|a|an)\s+(?:paper\s+|model\s+)?", "", text, flags=re.IGNORECASE).strip()


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

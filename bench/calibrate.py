"""Calibrate the answer-or-refuse test as a classifier, on real questions, and print its figures.

    python bench/calibrate.py               # before/after table, train and held-out (one command)
    python bench/calibrate.py --choose      # also search the thresholds' grid on the train split

Answerable: SciFact's 300 test claims asked of SciFact (judged papers), the dev set asked of the
seed corpus, and the questions of bench/data/answerability/arxiv_questions.yaml asked of the
2,000-paper arXiv sample. Unanswerable: Cranfield, CISI and CACM queries asked of SciFact;
SciFact claims and MED queries asked of the seed corpus; MED and Cranfield queries asked of the
arXiv sample; the dev set's unanswerable questions; and bench/data/answerability/chat.yaml asked
of every corpus. Probes split train / held-out by a hash (bot/evaluation/answerability.py).

"before" is today's rule, coverage alone (the candidates without their similarities); "after" is
the shipped ``answer.relevance`` with the similarities, and is checked against ``Engine.ask``
itself, so the table is what users get. Indexes and their embeddings are cached under
``--cache`` (the first run encodes SciFact's 5,183 abstracts: minutes on two cores).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from calibrate_corpora import CORPORA, engine_for  # noqa: E402

from bot.answer.evidence import EvidenceFinder  # noqa: E402
from bot.answer.kinds.common import weights  # noqa: E402
from bot.answer.kinds.context import Context  # noqa: E402
from bot.answer.kinds.open_question import ask, examine  # noqa: E402
from bot.answer.query import IntentKind, understand  # noqa: E402
from bot.answer.relevance import Candidate, judge  # noqa: E402
from bot.answer.settings import RelevanceSettings  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.evaluation.answerability import HELD_OUT, TRAIN, Outcome, Probe, Scores, score  # noqa: E402
from bot.evaluation.beir import load_beir  # noqa: E402
from bot.models import Paper  # noqa: E402

DATA = ROOT / "bench" / "data" / "answerability"
# The grid searched on the train split (--choose).
GRID = {
    "min_similarity": (0.0, 0.05, 0.1, 0.15, 0.2, 0.25),
    "answer_similarity": tuple(round(0.3 + 0.025 * i, 3) for i in range(17)),
    "paraphrase_coverage": (0.0, 0.1, 0.2, 0.3),
    "similarity_weight": (0.0, 0.5, 1.0, 2.0),
}


# -- probes ---------------------------------------------------------------------------------------


def probes(shared: Path, engines: dict[str, Engine]) -> list[Probe]:
    papers = {name: engines[name].papers if name in engines else () for name in CORPORA}
    datasets = shared / "datasets"
    scifact = load_beir(datasets / "scifact" / "beir")
    claims = scifact.queries
    other = {
        name: load_beir(datasets / name / "normalized").queries
        for name in ("cranfield", "cisi", "cacm", "med")
    }
    dev = yaml.safe_load((shared / "eval" / "dev_questions.yaml").read_text(encoding="utf-8"))
    written = yaml.safe_load((DATA / "arxiv_questions.yaml").read_text(encoding="utf-8"))["answerable"]
    chat = yaml.safe_load((DATA / "chat.yaml").read_text(encoding="utf-8"))["unanswerable"]
    found: list[Probe] = []
    for qid, text in claims.items():
        found.append(Probe("scifact claims", qid, "scifact", text, frozenset(scifact.qrels[qid])))
        found.append(Probe("scifact claims", qid, "seed", text))
    for name in ("cranfield", "cisi", "cacm"):
        found += [Probe(f"{name} queries", qid, "scifact", text) for qid, text in other[name].items()]
    for name, corpus in (("med", "seed"), ("med", "arxiv"), ("cranfield", "arxiv")):
        found += [Probe(f"{name} queries", qid, corpus, text) for qid, text in other[name].items()]
    for item in dev["answerable"]:
        expected = frozenset(p.id for p in papers["seed"] if _abstract_has(p, item["abs"]))
        found.append(Probe("dev set", item["q"], "seed", item["q"], expected))
    found += [Probe("dev set", text, "seed", text) for text in dev["unanswerable"]]
    by_arxiv_id = {p.arxiv_id: p.id for p in papers["arxiv"]}
    for item in written if by_arxiv_id else ():
        found.append(
            Probe("arxiv written", item["q"], "arxiv", item["q"], frozenset({by_arxiv_id[item["id"]]}))
        )
    for corpus in CORPORA:
        found += [Probe("chat", text, corpus, text) for text in chat]
    return found


def _abstract_has(paper: Paper, phrase: str) -> bool:
    clean = lambda text: " ".join(text.replace("$", "").casefold().split())  # noqa: E731
    return clean(phrase) in clean(paper.abstract)


# -- what the bot does with each probe -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Observation:
    probe: Probe
    asked: Outcome  # Engine.ask, the real path
    candidates: tuple[Candidate, ...] | None  # for replaying the test; None: not an open question


def observe(engine: Engine, probe: Probe) -> Observation:
    """The candidates of the responder's own test (open questions), or the answer itself (kinds
    that no threshold decides: greetings, lookups)."""
    intent = understand(probe.text)
    if intent.kind is not IntentKind.QUESTION:
        answer = engine.ask(probe.text)
        first = answer.citations[0].paper.id if answer.citations else None
        return Observation(probe, Outcome(probe, answer.found, first), None)
    context = engine._snapshot.responder.context  # the harness replays the responder's own test
    wanted = weights(context, intent.text)
    found = tuple(examine(context, intent.text, wanted, intent.period)) if wanted else ()
    return Observation(probe, Outcome(probe, False), found)


def check(
    engines: dict[str, Engine], observations: Sequence[Observation], settings: RelevanceSettings, every: int
) -> list[str]:
    """Every ``every``-th open question asked of ``Engine.ask`` itself: the replayed verdict must be
    the bot's (quoting costs sentence encodings, so not every probe is asked)."""
    wrong = []
    for o in list(observations)[::every]:
        if o.candidates is None:
            continue
        answer = engines[o.probe.corpus].ask(o.probe.text)
        replayed = replay(o, settings, meaning=True)
        first = answer.citations[0].paper.id if answer.citations else None
        if (replayed.found, replayed.first) != (answer.found, first):
            wrong.append(o.probe.text)
    return wrong


def replay(observation: Observation, settings: RelevanceSettings, *, meaning: bool) -> Outcome:
    if observation.candidates is None:
        return observation.asked
    found = observation.candidates
    if not meaning:
        found = tuple(dataclasses.replace(c, similarity=None) for c in found)
    verdict = judge(found, settings, 3)
    first = verdict.cited[0].hit.paper.id if verdict.cited else None
    return Outcome(observation.probe, first is not None, first)


# -- which sentence is quoted -----------------------------------------------------------------------

QUOTE_WEIGHTS = (0.5, 1.0, 2.0, 4.0, 8.0)


def quote_figures(engine: Engine, dev: list[dict]) -> str:
    """How often the first quote of the first citation holds the phrase the dev set names for the
    paper (mostly a phrase of the answering sentence), quoting by words alone and by words and
    meaning at several ``answer.sentences.meaning_weight``; only questions citing the right paper."""
    context = engine._snapshot.responder.context
    index = engine._snapshot.index
    variants: list[tuple[str, Context]] = [("words only", dataclasses.replace(context, meaning=None))]
    for weight in QUOTE_WEIGHTS:
        sentences = dataclasses.replace(context.settings.sentences, meaning_weight=weight)
        finder = EvidenceFinder(index.analyzer.analyze, index.idf, sentences)
        variants.append((f"meaning weight {weight}", dataclasses.replace(context, evidence=finder)))
    lines = ["| quotes chosen by | dev questions whose first quote holds the named phrase |", "|---|---|"]
    for label, variant in variants:
        held = asked = 0
        for item in dev:
            answer = ask(variant, item["q"], understand(item["q"]).text)
            if not answer.citations or not _abstract_has(answer.citations[0].paper, item["abs"]):
                continue
            asked += 1
            held += _abstract_has(
                Paper(id="", title="", abstract=answer.citations[0].evidence[0]), item["abs"]
            )
        lines.append(f"| {label} | {held} / {asked} |")
    return "\n".join(lines)


# -- reports --------------------------------------------------------------------------------------


def row(name: str, scores: Scores) -> str:
    return (
        f"| {name} | {scores.questions} ({scores.answerable} answerable) | {scores.precision:.3f} | "
        f"{scores.recall:.3f} | {scores.top1_accuracy:.3f} | {scores.refusal_rate:.3f} |"
    )


def report(observations: Sequence[Observation], settings: RelevanceSettings) -> str:
    header = "| | questions | precision of found | recall of found | top-1 accuracy | unanswerable refused |"
    lines = [header, "|---|---|---|---|---|---|"]
    for split in (TRAIN, HELD_OUT):
        kept = [o for o in observations if o.probe.split == split]
        for label, meaning in (("before (coverage only)", False), ("after (coverage + meaning)", True)):
            lines.append(row(f"{split}, {label}", score(replay(o, settings, meaning=meaning) for o in kept)))
    lines += ["", "Held-out, by source (before → after):", ""]
    lines += ["| source → corpus | questions | found before | found after | top-1 before | top-1 after |"]
    lines += ["|---|---|---|---|---|---|"]
    groups: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for o in observations:
        if o.probe.split == HELD_OUT:
            groups[(o.probe.source, o.probe.corpus)].append(o)
    for (source, corpus), kept in sorted(groups.items()):
        before = [replay(o, settings, meaning=False) for o in kept]
        after = [replay(o, settings, meaning=True) for o in kept]
        top = "" if not kept[0].probe.answerable else None
        lines.append(
            f"| {source} → {corpus} | {len(kept)} | {sum(x.found for x in before)} | {sum(x.found for x in after)} | "
            f"{top if top is not None else sum(x.right_first for x in before)} | "
            f"{top if top is not None else sum(x.right_first for x in after)} |"
        )
    return "\n".join(lines)


def choose(observations: Sequence[Observation], base: RelevanceSettings) -> tuple[RelevanceSettings, Scores]:
    """The grid point with the best balanced accuracy on the train split (ties: higher precision,
    then the earliest, i.e. the most conservative, point)."""
    train = [o for o in observations if o.probe.split == TRAIN]
    best: tuple[tuple[float, float], RelevanceSettings, Scores] | None = None
    names = list(GRID)
    for values in itertools.product(*GRID.values()):
        settings = dataclasses.replace(
            base, **dict(zip(names, values, strict=True)), suggest_similarity=values[1]
        )
        scores = score(replay(o, settings, meaning=True) for o in train)
        key = (round(scores.balanced, 6), round(scores.precision, 6))
        if best is None or key > best[0]:
            best = (key, settings, scores)
    assert best is not None
    return best[1], best[2]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "paperbot-calibrate")
    parser.add_argument("--choose", action="store_true", help="search the grid on the train split")
    parser.add_argument("--json", type=Path, help="also write every outcome here")
    parser.add_argument(
        "--check", type=int, default=10, metavar="N", help="ask every N-th probe of Engine.ask (0: none)"
    )
    parser.add_argument("--corpora", default=",".join(CORPORA), help="a subset, for a quick look")
    args = parser.parse_args()
    config = load_config()
    settings = config.answer.relevance
    started = time.perf_counter()
    engines = {
        name: engine_for(name, config, args.shared.resolve(), args.cache) for name in args.corpora.split(",")
    }
    all_probes = [p for p in probes(args.shared.resolve(), engines) if p.corpus in engines]
    observations = [observe(engines[p.corpus], p) for p in all_probes]
    print(
        f"{len(observations)} probes over {len(engines)} corpora in {time.perf_counter() - started:.0f} s\n"
    )
    print(report(observations, settings))
    if args.check:
        wrong = check(engines, observations, settings, args.check)
        print(f"\nEngine.ask disagrees with the replay on {len(wrong)} of the probes checked: {wrong[:5]}")
    if "seed" in engines:
        dev = yaml.safe_load((args.shared / "eval" / "dev_questions.yaml").read_text(encoding="utf-8"))
        print("\n" + quote_figures(engines["seed"], dev["answerable"]))
    if args.choose:
        chosen, scores = choose(observations, settings)
        picked = {name: getattr(chosen, name) for name in (*GRID, "suggest_similarity")}
        print(
            f"\nbest on train: {picked}: balanced {scores.balanced:.3f}, precision {scores.precision:.3f}, "
            f"recall {scores.recall:.3f}, top-1 {scores.top1_accuracy:.3f}\n"
        )
        print(report(observations, chosen))
    if args.json:
        rows = [
            {
                "source": o.probe.source,
                "corpus": o.probe.corpus,
                "split": o.probe.split,
                "text": o.probe.text,
                "answerable": o.probe.answerable,
                "found": o.asked.found,
                "right_first": o.asked.right_first,
                "candidates": None
                if o.candidates is None
                else [
                    {
                        "id": c.hit.paper.id,
                        "score": c.hit.score,
                        "coverage": c.coverage,
                        "evidence": c.evidence,
                        "similarity": c.similarity,
                        "right": c.hit.paper.id in o.probe.expected,
                    }
                    for c in o.candidates
                ],
            }
            for o in observations
        ]
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

"""English stop word lists the analyzer can use (chosen with `search.analyzer.stopwords`).

`lucene` is the 33-word list of Lucene/Elasticsearch's English analyzer; `nltk` is NLTK's 179-word
English list (contractions dropped: the analyzer splits on apostrophes, so they never occur whole).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LUCENE = _words(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there "
    "these they this to was will with"
)

NLTK = _words(
    "a about above after again against ain all am an and any are aren as at be because been before being "
    "below between both but by can couldn d did didn do does doesn doing don down during each few for from "
    "further had hadn has hasn have haven having he her here hers herself him himself his how i if in into "
    "is isn it its itself just ll m ma me mightn more most mustn my myself needn no nor not now o of off on "
    "once only or other our ours ourselves out over own re s same shan she should shouldn so some such t "
    "than that the their theirs them themselves then there these they this those through to too under "
    "until up ve very was wasn we were weren what when where which while who whom why will with won "
    "wouldn y you your yours yourself yourselves"
)

LISTS: dict[str, frozenset[str]] = {"none": frozenset(), "lucene": LUCENE, "nltk": NLTK}

"""Corpus layer: messy dumps and metadata exports in, clean de-duplicated ``Paper`` records out.

from bot.corpus import load_corpus
result = load_corpus(config.corpus)   # .papers .warnings .merges .checksum
"""

from bot.corpus.loader import PARSER_VERSION, CorpusLoad, load_corpus

__all__ = ["PARSER_VERSION", "CorpusLoad", "load_corpus"]

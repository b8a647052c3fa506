"""The living corpus: papers added from arXiv (by id, by following a search, in bulk), kept in the
state store, merged with the corpus files and indexed without rebuilding the world."""

"""The arXiv API client: ids, the Atom feed parser, the rate-limited async client, and following.

Nothing here knows about the corpus store, the index or Discord; callers get frozen dataclasses
(``ArxivRef``, ``ArxivEntry``, ``Feed``) and ``ArxivError`` subclasses with a one-line
``user_message``.
"""

"""Shared fixtures. Real data comes from the bundled corpus, or from ../shared via PAPERBOT_SHARED."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.arxiv_double import ArxivDouble

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = ROOT / "corpus"

# Fuzz budgets: thorough locally, smaller in CI (CI=true) so the suite stays well inside its time limit.
settings.register_profile(
    "dev", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def shared_path() -> Path:
    return Path(os.environ.get("PAPERBOT_SHARED", ROOT.parent / "shared")).resolve()


@pytest.fixture(scope="session", autouse=True)
def private_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The state store's default file (storage.path null) lives in the user's data folder: tests
    get a folder of their own, so no one's added papers change what a test sees."""
    folder = tmp_path_factory.mktemp("data-home")
    os.environ["XDG_DATA_HOME"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's shared data folder (seeds, eval questions, datasets); skips when absent."""
    path = shared_path()
    if not path.is_dir():
        pytest.skip(f"shared data folder not found at {path} (set PAPERBOT_SHARED)")
    return path


@pytest.fixture(scope="session")
def bundled_corpus() -> Path:
    return BUNDLED_CORPUS


@pytest.fixture
async def arxiv_double(shared_dir: Path) -> AsyncIterator[ArxivDouble]:
    """A loopback arXiv API replaying the real recorded responses; put ``.url`` in ``arxiv.api_url``."""
    double = ArxivDouble.from_shared(shared_dir)
    await double.start()
    yield double
    await double.close()

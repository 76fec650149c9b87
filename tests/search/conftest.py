"""The search tests run on whichever database the run uses: SQLite by default, PostgreSQL
with DATABASE_URL (the same cases on both)."""

import pytest

from ruggensteun.search.index import refresh
from tests.today.conftest import day, patient_client, programme, week  # noqa: F401


@pytest.fixture(autouse=True)
def search_index(db):
    """The index migrate built; rebuilt if a transactional test elsewhere emptied it."""
    refresh()

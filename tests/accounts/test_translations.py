import shutil
import subprocess
from pathlib import Path

import pytest

CATALOGUE = (
    Path(__file__).resolve().parents[2] / "ruggensteun/accounts/locale/en/LC_MESSAGES/django.po"
)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_the_accounts_catalogue_compiles_with_every_string_translated():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "--output-file=/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr

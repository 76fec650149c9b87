import pytest


@pytest.fixture(autouse=True)
def kept_folder(settings, tmp_path):
    """Each test keeps its PDFs (and their orders) in a folder of its own."""
    settings.KEPT_FILES_DIR = tmp_path / "kept"
    return tmp_path / "kept" / "pdf"

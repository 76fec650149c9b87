"""Private file storage: files under MEDIA_ROOT/private that have no URL of their own.

Nothing under MEDIA_ROOT is served by the web server or the app; these files are streamed
only by views that check who asks and write the read to the audit log.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    def __init__(self) -> None:
        # Readable by the app's own user only.
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @cached_property
    def base_location(self) -> str:
        return os.path.join(settings.MEDIA_ROOT, "private")

    def url(self, name: str | None) -> str:
        raise ValueError("A private file has no URL: stream it through a view that checks access.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """For ``FileField(storage=...)``: migrations name this function, not a path on disk."""
    return _storage

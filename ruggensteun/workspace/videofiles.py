"""Phone videos: recognising one by its first bytes, and streaming it to a browser.

A file's name and the browser's stated type are the sender's claims; the bytes at the start
of the file say what it is. Phones record MP4 (Android), QuickTime (iPhone) or WebM.

Streaming answers HTTP range requests (206 Partial Content): Safari on an iPhone plays a
``<video>`` only from a server that does, and every browser needs it to seek.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponse, StreamingHttpResponse

MAX_VIDEO_BYTES = 50 * 1024 * 1024
HEADER_BYTES = 64
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class VideoType:
    content_type: str
    extension: str


MP4 = VideoType("video/mp4", ".mp4")
QUICKTIME = VideoType("video/quicktime", ".mov")
WEBM = VideoType("video/webm", ".webm")
VIDEO_TYPES = {kind.content_type: kind for kind in (MP4, QUICKTIME, WEBM)}

# ISO base media files start with an "ftyp" box naming a major brand and compatible brands.
# These brands mark video files as phones and cameras write them.
VIDEO_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"M4VP"}
    | {b"MSNV", b"dash", b"mmp4", b"XAVC", b"qt  "}
)
# The same container holds photos (HEIC, AVIF) and audio (M4A): refused by major brand even
# when they list a video brand as compatible.
NOT_VIDEO_BRANDS = frozenset(
    {b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif", b"avis", b"M4A ", b"M4B ", b"M4P "}
)
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE = b"\x42\x82"


def detect_video_type(head: bytes) -> VideoType | None:
    """The video type of a file that starts with ``head`` (its first HEADER_BYTES), or None
    when it is not a video we accept."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        major = head[8:12]
        if major == b"qt  ":
            return QUICKTIME
        if major in NOT_VIDEO_BRANDS:
            return None
        box_end = min(int.from_bytes(head[:4], "big"), len(head))
        compatible = [head[i : i + 4] for i in range(16, box_end - 3, 4)]
        if major in VIDEO_BRANDS or any(brand in VIDEO_BRANDS for brand in compatible):
            return MP4
        return None
    # WebM is Matroska (EBML) with the document type "webm"; other Matroska files (.mkv)
    # do not play in every browser.
    if ebml_doctype(head) == b"webm":
        return WEBM
    return None


def ebml_doctype(head: bytes) -> bytes | None:
    """The DocType element of the EBML header that ``head`` starts with, or None.

    The header is read element by element (RFC 8794, sections 4 and 11.2): an element ID,
    a size, then that many bytes of data. Only the DocType element itself counts, not the
    bytes "webm" somewhere in another element's data."""
    if not head.startswith(EBML_MAGIC):
        return None
    header = _vint(head, len(EBML_MAGIC), keep_marker=False)
    if header is None:
        return None
    header_size, position = header
    end = min(position + header_size, len(head))
    doctype_id = int.from_bytes(EBML_DOCTYPE, "big")
    while position < end:
        element = _vint(head, position, keep_marker=True)
        if element is None:
            return None
        element_id, position = element
        size = _vint(head, position, keep_marker=False)
        if size is None:
            return None
        data_size, position = size
        if element_id == doctype_id:
            if position + data_size > end:
                return None
            # A string element may be padded with zero bytes (RFC 8794, section 7.4).
            return head[position : position + data_size].rstrip(b"\x00")
        position += data_size
    return None


def _vint(data: bytes, position: int, *, keep_marker: bool) -> tuple[int, int] | None:
    """The variable-size integer at ``position`` (RFC 8794, section 4) and the position
    after it; None when it is cut off or invalid. Element IDs keep their length marker."""
    if position >= len(data) or data[position] == 0:
        return None
    first = data[position]
    length = 9 - first.bit_length()  # the leading zero bits, plus the marker bit
    if position + length > len(data):
        return None
    value = first if keep_marker else first & ((1 << (8 - length)) - 1)
    for byte in data[position + 1 : position + length]:
        value = (value << 8) | byte
    return value, position + length


class VideoSizeLimit(FileUploadHandler):
    """The first upload handler of the video upload: it passes a file's bytes on to the
    handlers that keep them (in memory, or a temporary file on disk) only up to
    MAX_VIDEO_BYTES, counted while the request streams in. Past the limit the file is
    skipped (``SkipFile``: the rest of it is read and dropped, the temporary file is
    removed, the form's other fields still arrive), and ``too_large`` tells the form to
    say so.

    Set it for one view only, before anything reads the request's body (so before the
    CSRF check): ``request.upload_handlers.insert(0, VideoSizeLimit(request))``."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.limit = MAX_VIDEO_BYTES
        self.received = 0
        self.too_large = False
        # The size of the whole request: what the browser sent, to name in the message.
        self.request_bytes = 0

    def handle_raw_input(
        self,
        input_data: Any,
        META: Any,
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        self.request_bytes = content_length

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        # Counted over every file of the request, so that many files cannot add up.
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the handlers after this one make the file


def sniff(upload: IO[bytes]) -> VideoType | None:
    """Read the start of an uploaded file and put the position back."""
    upload.seek(0)
    head = upload.read(HEADER_BYTES)
    upload.seek(0)
    return detect_video_type(head)


# --- streaming ----------------------------------------------------------------------------

# ASCII digits only, and at most 15 of them (a petabyte): a header of thousands of digits
# is not a range we read (int() refuses more than 4300 digits), so the whole file is sent.
_RANGE = re.compile(r"bytes=([0-9]{0,15})-([0-9]{0,15})")


class UnsatisfiableRange(ValueError):
    pass


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1


def byte_range(header: str, size: int) -> ByteRange | None:
    """The one range asked for in a Range header; None to send the whole file (no header,
    a header we do not read, or several ranges: RFC 9110 allows ignoring them)."""
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # "bytes=-500": the last 500 bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise UnsatisfiableRange(header)
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise UnsatisfiableRange(header)
    return ByteRange(start, end)


def _read(file: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    try:
        file.seek(start)
        left = length
        while left > 0:
            chunk = file.read(min(CHUNK_BYTES, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        file.close()


def stream(
    file: IO[bytes], *, size: int, content_type: str, filename: str, range_header: str
) -> HttpResponse | StreamingHttpResponse:
    """The response that streams ``file`` (or the part asked for) inline, kept out of
    shared caches."""
    try:
        part = byte_range(range_header, size)
    except UnsatisfiableRange:
        file.close()
        response: HttpResponse | StreamingHttpResponse = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, length = (0, size) if part is None else (part.start, part.length)
        response = StreamingHttpResponse(
            _read(file, start, length),
            status=200 if part is None else 206,
            content_type=content_type,
        )
        response["Content-Length"] = str(length)
        if part is not None:
            response["Content-Range"] = f"bytes {part.start}-{part.end}/{size}"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private"
    return response

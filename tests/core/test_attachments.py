"""Attachments: recognised by their bytes, refused with a reason when the API could not take them,
stored once by content hash, sent as the API's blocks (accepted by the strict fake), kept when old
edits' backups are purged, and checked against the per-request limits before sending."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path

import pytest

from parley.core import attachments as A
from parley.core.catalog import load_shipped
from parley.core.chat import ChatRunner
from parley.core.errors import InvalidOptions
from parley.core.history.store import Store
from parley.core.request import ChatOptions
from tests.conftest import CLOCK, run

SONNET, HAIKU = "claude-sonnet-4-6", "claude-haiku-4-5"


def png(width: int = 2, height: int = 3) -> bytes:
    """A real (tiny, valid) PNG of this size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def jpeg_header(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def pdf(pages: int) -> bytes:
    objs = b"".join(b"%d 0 obj << /Type /Page /Parent 2 0 R >> endobj\n" % (i + 3) for i in range(pages))
    head = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
    return head + b"2 0 obj << /Type /Pages /Count %d >>\n" % pages + objs + b"trailer << /Root 1 0 R >>\n%%EOF\n"


def test_files_are_recognised_by_their_bytes_not_their_names(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(jpeg_header(640, 480))  # misnamed: really a JPEG
    (tmp_path / "paper.pdf").write_bytes(pdf(3))
    (tmp_path / "main.py").write_text("print('hi')\n", encoding="utf-8")
    (tmp_path / "tiny.png").write_bytes(png(2, 3))
    photo = A.read_attachment(tmp_path / "photo.png")
    assert (photo.kind, photo.block["media_type"], photo.block["width"], photo.block["height"]) == (
        "image",
        "image/jpeg",
        640,
        480,
    )
    paper = A.read_attachment(tmp_path / "paper.pdf")
    assert (paper.kind, paper.block["pages"]) == ("pdf", 3)
    code = A.read_attachment(tmp_path / "main.py")
    assert code.kind == "text"
    assert code.block["name"] == "main.py"
    assert A.read_attachment(tmp_path / "tiny.png").block["width"] == 2
    assert A.describe(paper.block) == "paper.pdf (PDF, 3 pages)"
    assert A.describe(photo.block) == "photo.png (640×480)"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.txt", b"", "is empty"),
        ("app.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "not an image, a PDF or a text file"),
        ("latin1.txt", "café".encode("latin-1") + b"\xff\xfe", "not an image, a PDF or a text file"),
        ("huge.png", png(9000, 10), "at most 8000 pixels a side"),
        ("broken.png", b"\x89PNG\r\n\x1a\n\x00", "damaged"),
    ],
)
def test_files_the_api_would_refuse_are_refused_with_a_reason(tmp_path: Path, name: str, data: bytes, says: str):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(InvalidOptions) as info:
        A.read_attachment(tmp_path / name)
    assert says in str(info.value)


def test_an_image_over_the_size_limit_and_a_folder_are_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(A, "MAX_IMAGE_BASE64", 100)
    (tmp_path / "a.png").write_bytes(png(40, 40))
    with pytest.raises(InvalidOptions, match="takes images up to"):
        A.read_attachment(tmp_path / "a.png")
    with pytest.raises(InvalidOptions, match="not a file"):
        A.read_attachment(tmp_path)


def ask_with(tmp_path, make_client, files, prompt="What is in these?", model=SONNET, chat_id=None, store=None):
    async def go():
        own = store or Store(tmp_path / "h.sqlite3")
        try:
            async with make_client(retries=0) as client:
                runner = ChatRunner(own, client, load_shipped(), clock=CLOCK)
                return await runner.ask(prompt, ChatOptions(model), chat_id=chat_id, attachments=files)
        finally:
            if store is None:
                own.close()

    return run(go())


def test_attachments_are_sent_as_api_blocks_and_stored_once_by_hash(fake_api, make_client, tmp_path: Path):
    (tmp_path / "a.png").write_bytes(png())
    (tmp_path / "b.pdf").write_bytes(pdf(2))
    (tmp_path / "notes.md").write_text("# Notes\nline two\n", encoding="utf-8")
    files = [A.read_attachment(tmp_path / n) for n in ("a.png", "b.pdf", "notes.md")]
    store = Store(tmp_path / "h.sqlite3")
    first = ask_with(tmp_path, make_client, files, store=store)
    ask_with(tmp_path, make_client, files[:1], prompt="And this again?", chat_id=first.chat_id, store=store)
    req = fake_api.messages_requests()[-1]
    assert req.status == 200  # the strict fake checks media types, base64 and magic bytes
    first_prompt = req.body["messages"][0]["content"]
    assert [b["type"] for b in first_prompt] == ["image", "document", "text", "text"]
    assert base64.b64decode(first_prompt[0]["source"]["data"]) == png()
    assert first_prompt[0]["source"]["media_type"] == "image/png"
    assert first_prompt[1]["title"] == "b.pdf"
    assert first_prompt[2]["text"] == '<file name="notes.md">\n# Notes\nline two\n</file>'
    assert first_prompt[3]["text"] == "What is in these?"
    # Stored: the blocks name the bytes; the same image sent twice is one blob.
    rows = store.branch(first.chat_id)
    assert rows[0].content[0] == files[0].block
    assert "data" not in str(rows[0].content[0])
    assert store._db.execute("SELECT count(*) FROM blobs").fetchone()[0] == 3
    # Purging old edits' backups keeps every attachment's bytes.
    store.drop_orphan_blobs()
    assert store.blob(files[0].block["sha256"]) == png()
    assert store.search("notes.md")  # found by file name
    store.close()


def test_a_message_of_only_files_is_sent_and_titled_after_the_file(fake_api, make_client, tmp_path: Path):
    (tmp_path / "chart.png").write_bytes(png())
    outcome = ask_with(tmp_path, make_client, [A.read_attachment(tmp_path / "chart.png")], prompt="")
    store = Store(tmp_path / "h.sqlite3")
    assert store.find_chat(outcome.chat_id).title == "chart.png"
    req = fake_api.messages_requests()[-1]
    assert req.status == 200
    assert [b["type"] for b in req.body["messages"][0]["content"]] == ["image"]  # the first request has the bytes
    store.close()


def test_too_many_pages_for_a_200k_model_are_refused_before_sending(fake_api, make_client, tmp_path: Path):
    (tmp_path / "big.pdf").write_bytes(pdf(101))
    big = A.read_attachment(tmp_path / "big.pdf")
    with pytest.raises(InvalidOptions, match="takes at most 100 in one request"):
        ask_with(tmp_path, make_client, [big], model=HAIKU)
    assert fake_api.messages_requests() == []
    store = Store(tmp_path / "h.sqlite3")
    assert store.list_chats() == []  # nothing half-saved
    store.close()
    ask_with(tmp_path, make_client, [big], model=SONNET)  # a 1M-context model takes 600
    assert fake_api.messages_requests()[-1].status == 200


def test_many_images_must_each_be_small(tmp_path: Path) -> None:
    small = [A.attachment_from_bytes(f"s{i}.png", png(4, 4)).block for i in range(21)]
    big = A.attachment_from_bytes("big.png", png(2500, 10)).block
    A.check_request(small, {"model": "m"}, 1_000_000)
    with pytest.raises(InvalidOptions, match=r"at most 2000 pixels a side; big\.png is 2500×10"):
        A.check_request([*small, big], {"model": "m"}, 1_000_000)
    A.check_request([big, *small[:5]], {"model": "m"}, 1_000_000)  # 20 or fewer: up to 8000


def test_the_request_size_is_counted_without_serialising_the_files() -> None:
    data = base64.b64encode(png(40, 40)).decode()
    body = {
        "model": "m",
        "system": "é" * 10,  # counted as UTF-8 bytes, as sent
        "messages": [
            {"role": "user", "content": "plain"},
            {
                "role": "user",
                "content": [
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": data}},
                    {"type": "text", "text": "x"},
                ],
            },
        ],
    }
    assert A.body_size(body) == len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())


def test_a_request_over_32_mb_is_refused_with_the_size(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(A, "MAX_REQUEST_BYTES", 1000)
    block = A.attachment_from_bytes("a.png", png()).block
    with pytest.raises(InvalidOptions, match="This request would be"):
        A.check_request([block], {"model": "m", "messages": [{"content": "x" * 2000}]}, 1_000_000)


def test_the_fake_api_refuses_what_parley_refuses(fake_api, make_client, tmp_path: Path):
    """The second opinion: a mislabelled image is a 400, as from the real API."""
    from tests.fakeapi.rules import validate
    from tests.fakeapi.server import DEFAULT_KEY

    data = base64.b64encode(jpeg_header(10, 10)).decode()
    body = {
        "model": SONNET,
        "max_tokens": 100,
        "messages": [
            {
                "role": "user",
                "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": data}}],
            }
        ],
    }
    headers = {"anthropic-version": "2023-06-01", "x-api-key": DEFAULT_KEY}
    assert "does not match the provided media type" in validate(headers, body, keys={DEFAULT_KEY})[2]

"""Attachments in the window: by the button's result, by paste and by drop; thumbnails in the
composer and in the sent prompt; rebuilt from the history (offline); refused files say why; a
send that fails gives the files back with the draft."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from parley.gui.attachment_views import AttachmentStrip
from parley.gui.message_widgets import UserMessageWidget
from tests.core.test_attachments import pdf, png
from tests.gui.conftest import send, wait_idle


def shot(window, name: str) -> None:
    folder = os.environ.get("PARLEY_SHOTS")
    if folder:
        QTest.qWait(400)
        window.grab().save(str(Path(folder) / name))


def bubbles(window) -> list[UserMessageWidget]:
    return [w for w in window.view.message_widgets() if isinstance(w, UserMessageWidget)]


def test_files_by_button_paste_and_drop_are_sent_and_shown(qtbot, window, fake_api, tmp_path: Path):
    (tmp_path / "chart.png").write_bytes(png(120, 80))
    (tmp_path / "spec.pdf").write_bytes(pdf(4))
    tray = window.composer.tray
    tray.add_paths([tmp_path / "chart.png"])  # what the Attach… dialog hands over
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(tmp_path / "spec.pdf"))])
    window.composer.input.insertFromMimeData(dropped)  # a drop or a paste of files
    pasted = QMimeData()
    image = QImage(30, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    pasted.setImageData(image)
    window.composer.input.insertFromMimeData(pasted)  # a screenshot pasted from the clipboard
    assert [a.kind for a in tray.attachments()] == ["image", "pdf", "image"]
    assert window.composer.text() == ""  # none of it went into the text
    qtbot.waitUntil(tray.isVisible)
    window.composer.set_text("What do these show?")
    shot(window, "attachments-composer.png")
    send(qtbot, window, "What do these show?")
    wait_idle(qtbot, window)
    assert tray.attachments() == []
    assert not tray.isVisible()
    req = fake_api.messages_requests()[-1]
    assert req.status == 200
    assert [b["type"] for b in req.body["messages"][0]["content"]] == ["image", "document", "image", "text"]
    strip = bubbles(window)[-1].files
    assert isinstance(strip, AttachmentStrip)
    assert len(strip.cards) == 3
    assert strip.cards[0].picture.pixmap() is not None
    assert not strip.cards[0].picture.pixmap().isNull()  # a thumbnail, drawn from the bytes
    assert strip.cards[1].picture.text() == "PDF"
    shot(window, "attachments-sent.png")
    # Reopened from the history: the same thumbnails, from the stored bytes.
    chat_id = window.shown.id
    window.new_chat()
    window.open_chat(chat_id)
    qtbot.waitUntil(lambda: bool(bubbles(window)))
    rebuilt = bubbles(window)[0].files
    assert rebuilt is not None
    assert [c.block["name"] for c in rebuilt.cards] == ["chart.png", "spec.pdf", "pasted-image-3.png"]
    assert not rebuilt.cards[0].picture.pixmap().isNull()
    # Editing that prompt puts its text and its files back in the composer.
    bubbles(window)[0].edit_requested.emit(bubbles(window)[0].message_id)
    assert window.composer.text() == "What do these show?"
    assert [a.name for a in tray.attachments()] == ["chart.png", "spec.pdf", "pasted-image-3.png"]


def test_files_dropped_on_the_conversation_join_the_composer(qtbot, window, tmp_path: Path):
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    (tmp_path / "photo.png").write_bytes(png())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "photo.png"))])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, buttons, keys)
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, buttons, keys)
    target = window._drop  # Qt delivers synthetic drops only during a real drag: call the filter
    viewport = window.view.viewport()
    assert viewport.acceptDrops()
    assert target.eventFilter(viewport, enter)
    assert enter.isAccepted()
    assert drop.type() == QEvent.Type.Drop
    assert target.eventFilter(viewport, drop)
    assert [a.name for a in window.composer.tray.attachments()] == ["photo.png"]


def test_a_refused_file_says_why_and_the_rest_are_kept(qtbot, window, tmp_path: Path):
    (tmp_path / "ok.txt").write_text("notes", encoding="utf-8")
    (tmp_path / "setup.exe").write_bytes(b"MZ\x90\x00\x03\x00\x00\x00")
    window.composer.tray.add_paths([tmp_path / "ok.txt", tmp_path / "setup.exe"])
    assert [a.name for a in window.composer.tray.attachments()] == ["ok.txt"]
    qtbot.waitUntil(window.composer.note.isVisible)
    assert "setup.exe is not an image, a PDF or a text file" in window.composer.note.text()
    window.composer.tray.add_paths([tmp_path / "ok.txt"])  # the same file twice is attached once
    assert len(window.composer.tray.attachments()) == 1
    card = window.composer.tray._strip.cards[0]
    card.removed.emit()
    assert window.composer.tray.attachments() == []


def test_a_failed_send_gives_the_files_back(qtbot, window, fake_api, tmp_path: Path):
    from tests.fakeapi import error_reply

    (tmp_path / "a.png").write_bytes(png())
    window.composer.tray.add_paths([tmp_path / "a.png"])
    fake_api.script(error_reply(400, "invalid_request_error", "something is off"))
    send(qtbot, window, "look")
    wait_idle(qtbot, window)
    assert window.composer.text() == "look"
    assert [a.name for a in window.composer.tray.attachments()] == ["a.png"]


def test_a_message_of_only_an_image_can_be_sent(qtbot, window, fake_api, tmp_path: Path):
    (tmp_path / "only.png").write_bytes(png())
    window.composer.tray.add_paths([tmp_path / "only.png"])
    window.composer.send_button.click()
    wait_idle(qtbot, window)
    assert fake_api.messages_requests()[-1].status == 200
    assert not bubbles(window)[-1].label.isVisibleTo(bubbles(window)[-1])  # no empty text line

"""write_text_atomically: the old file survives any failure, and no temporary file is left behind."""

from __future__ import annotations

import os

import pytest

from parley.core.files import write_text_atomically


def test_writes_creating_the_folder(tmp_path):
    target = tmp_path / "new" / "folder" / "settings.json"
    write_text_atomically(target, "模型 ok")
    assert target.read_text(encoding="utf-8") == "模型 ok"
    assert sorted(p.name for p in target.parent.iterdir()) == ["settings.json"]


def test_a_failed_rename_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "settings.json"
    target.write_text("old", encoding="utf-8")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_text_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_text_that_cannot_be_encoded_leaves_nothing_half_written(tmp_path):
    target = tmp_path / "export.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_text_atomically(target, "fine so far \ud800 then a lone surrogate")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["export.md"]

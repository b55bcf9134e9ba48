"""A file's id under the corpus folder, and its ``.meta`` sidecar: read with one stat,
never a folder or an oversized file of that name."""

from __future__ import annotations

from indexer.extract import MAX_SIDECAR_BYTES, extract_document

TEXT = "title: 工会经费管理办法\ndate: 2019-03-01\n\n第一条 为了加强工会经费管理，制定本办法。\n"


def test_ids_as_the_path_is_reached(tmp_path, resources, monkeypatch):
    root = tmp_path / "corpus"
    (root / "a" / "b").mkdir(parents=True)
    path = root / "a" / "b" / "办法.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert extract_document(path, root, resources).id == "a/b/办法.txt"
    # Relative, unnormalised and trailing-slash spellings of the same places.
    monkeypatch.chdir(tmp_path)
    for spelled in ("corpus/a/./b/办法.txt", "corpus/a/../a/b/办法.txt"):
        assert extract_document(spelled, "corpus/", resources).id == "a/b/办法.txt"
    # A folder named like the corpus folder plus more is not under it.
    (tmp_path / "corpus2").mkdir()
    other = tmp_path / "corpus2" / "x.txt"
    other.write_text(TEXT, encoding="utf-8")
    assert extract_document(other, root, resources).id == other.as_posix()
    # Reached through a link from outside: named by where the link points.
    outside = tmp_path / "link.txt"
    outside.symlink_to(path)
    assert extract_document(outside, root, resources).id == "a/b/办法.txt"


def test_sidecar_read_only_when_a_small_file(tmp_path, resources):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>工会新闻正文，内容。</p></body></html>", encoding="utf-8")
    sidecar = tmp_path / "page.html.meta"
    sidecar.write_text("source_url: http://example.org/a\n", encoding="utf-8")
    assert extract_document(page, tmp_path, resources).source_url == "http://example.org/a"
    sidecar.write_text("source_url: http://example.org/a\n" + "x" * MAX_SIDECAR_BYTES)
    assert extract_document(page, tmp_path, resources).source_url == ""
    sidecar.unlink()
    sidecar.mkdir()
    assert extract_document(page, tmp_path, resources).source_url == ""

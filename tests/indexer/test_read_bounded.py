"""Reading a file no further than the size limit (indexer.sizes.read_bounded): what
``read(limit + 1)`` gave, without a buffer of the limit's size for every file."""

import io

import pytest

from indexer.sizes import read_bounded

LIMIT = 100


@pytest.mark.parametrize("length", [0, 1, 50, LIMIT - 1, LIMIT, LIMIT + 1, 3 * LIMIT])
@pytest.mark.parametrize("seen", ["same", "grown", "shrunk"])
def test_same_bytes_as_reading_limit_plus_one(length, seen):
    data = bytes(range(256)) * 2
    data = data[:length]
    # What stat saw: the size now, or before the file grew (or shrank) to ``length``.
    size = {"same": length, "grown": length // 3, "shrunk": length + 7}[seen]
    size = min(size, LIMIT)  # a larger size is rejected before any read
    assert read_bounded(io.BytesIO(data), size, LIMIT) == io.BytesIO(data).read(LIMIT + 1)


def test_file_grown_past_the_limit_reads_one_byte_over(tmp_path):
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 10)
    size = path.stat().st_size
    path.write_bytes(b"y" * (5 * LIMIT))  # grew after stat
    with open(path, "rb") as f:
        raw = read_bounded(f, size, LIMIT)
    assert raw == b"y" * (LIMIT + 1)  # enough for the caller to see it is over the limit

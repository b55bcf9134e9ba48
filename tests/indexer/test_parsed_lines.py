"""Lines normalised all at once give what normalising each line gives."""

from indexer.parsed import normalise_line, normalise_lines

LINES = [
    "  第一章\u3000总则  ",
    "\ufeff劳动者\u200b享有\xa0平等就业\t的权利。\r",
    "",
    "\u3000\u3000",
    "\f\v",
    "工会  经费\u2002百分之二",
    "一行\n里的换行",  # a line holding a newline: read one line at a time
    "末行",
]


def test_lines_normalised_together_as_one_by_one():
    for lines in (LINES, [line for line in LINES if "\n" not in line], [], ["  "], ["x"]):
        one_by_one = [normalise_line(line) for line in lines]
        assert normalise_lines(lines) == [line for line in one_by_one if line]
    assert normalise_lines(LINES[:2]) == ["第一章 总则", "劳动者享有 平等就业 的权利。"]

"""Dates as Chinese documents write them: one scan serves both modes of find_dates."""

from indexer.dates import fallback_dates, find_dates

LINES = [
    "关于做好2019年春节工作的通知",  # 2019年春: no month, no date
    "自二〇一九年三月一日起施行。",
    "会议于2018年12月召开，2019/2/30 不是日期，2099年1月1日是规划目标。",
    "二〇一八年十二月二十六日",
    "2018-12-27",
]
TEXT = "\n".join(LINES)


def test_find_dates_with_and_without_a_day():
    month_only = TEXT.index("2018年12月")
    assert find_dates(TEXT) == [
        (TEXT.index("二〇一九年"), "2019-03-01"),
        (month_only, "2018-12-01"),
        (TEXT.index("二〇一八年"), "2018-12-26"),
        (TEXT.index("2018-12-27"), "2018-12-27"),
    ]
    # A day required drops exactly the dates written without one, in the same order.
    assert find_dates(TEXT, require_day=True) == [
        (pos, iso) for pos, iso in find_dates(TEXT) if pos != month_only
    ]


def test_fallback_dates_in_their_order_of_preference():
    assert fallback_dates(LINES) == [
        "2019-03-01",  # the effective date (自…起施行)
        "2019-03-01",  # the latest date written with its day
        "2019-03-01",  # the head's dates, in order
        "2018-12-01",
        "2018-12-26",
        "2018-12-27",
        "2019-03-01",  # the latest date, months included
    ]


def test_a_year_is_not_read_inside_a_longer_number():
    # The year's "not after a digit" is checked after its first two digits; any digit
    # before it (full-width ones too) still rules it out, and anything else does not.
    for before in ("1", "9", "０", "９"):
        assert find_dates(f"编号{before}2019-03-01 与 {before}2019年3月1日") == []
    text = "第2019-03-01号，x2019年3月1日，（2019年3月）"
    assert [iso for _, iso in find_dates(text)] == ["2019-03-01", "2019-03-01", "2019-03-01"]
    assert [pos for pos, _ in find_dates(text)] == [
        text.index("2019-03-01"),
        text.index("2019年3月1日"),
        text.index("2019年3月）"),
    ]


def test_dates_of_last_resort_only_after_the_stronger_ones(tmp_path, resources):
    """The text's own dates (``fallback_dates``) are read only when no stronger date is
    valid, and then in their order: a header's date wins, an unreadable one does not."""
    from indexer.extract import extract_document

    body = "第一条 为了加强管理，制定本办法。\n第二条 本办法自2019年1月1日起施行。\n"
    path = tmp_path / "办法.txt"
    for header, expected in (
        ("date: 2020-05-06\n", "2020-05-06"),
        ("date: 不详\n", "2019-01-01"),
        ("", "2019-01-01"),
    ):
        path.write_text(f"title: 管理办法\n{header}\n{body}", encoding="utf-8")
        assert extract_document(path, tmp_path, resources).date == expected, header

"""Cleaning text off printed pages, and reading Word text boxes (unit level)."""

from __future__ import annotations

import io

from indexer.formats.docx import extract_docx
from indexer.formats.page_text import clean_pages, rejoin_wrapped

# Sentences of the Harbin report (tests.reports.HARBIN_REPORT).
PARAGRAPH = (
    "在全市职工中开展了学习十八大精神和“我为创建文明城市做贡献”系列教育活动,"
    "建立职工志愿者服务队伍,积极开展志愿服务活动。"
)


def test_lines_wrapped_mid_sentence_are_rejoined_and_new_items_are_not():
    lines = [PARAGRAPH[:20], PARAGRAPH[20:40], PARAGRAPH[40:], "一、竞赛时间", "（一）报名。"]
    assert rejoin_wrapped(lines) == [PARAGRAPH, "一、竞赛时间", "（一）报名。"]


def test_a_full_line_that_ends_a_sentence_keeps_its_break():
    first = "下面,我受市总十六届常委会委托,向全委会作工作报告,请予审议。"
    second = "2012年,全市各级工会组织在市委和上级工会的正确领导下,以"
    assert rejoin_wrapped([first, second]) == [first, second]


def test_english_words_keep_their_space_when_rejoined():
    assert rejoin_wrapped(["the All-China Federation of Trade", "Unions met"]) == [
        "the All-China Federation of Trade Unions met"
    ]


def test_wrapped_title_is_rejoined():
    lines = ["哈尔滨市香坊区总工会关于开展职工技能竞赛", "的通知", PARAGRAPH]
    assert rejoin_wrapped(lines)[0] == "哈尔滨市香坊区总工会关于开展职工技能竞赛的通知"


def test_page_numbers_and_running_headers_go_spacing_is_fixed():
    pages = [
        f"香坊区总工会简报\n{PARAGRAPH}\n2024 年 8 月 20 日\n- 1 -",
        f"香坊区总工会简报\n{PARAGRAPH}\n第 2 页 共 3 页",
        f"香坊区总工会简报\n{PARAGRAPH}\n3/3",
    ]
    lines = clean_pages(pages).split("\n")
    assert "香坊区总工会简报" not in lines
    assert "2024年8月20日" in lines
    assert not [line for line in lines if line[-1].isdigit() or line.endswith("页")]


def test_a_single_page_keeps_its_first_line():
    assert clean_pages([f"香坊区总工会文件\n{PARAGRAPH}"]).split("\n")[0] == "香坊区总工会文件"


def test_docx_text_box_is_read_before_its_anchor_paragraph():
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    anchor = document.add_paragraph("香工发〔2024〕12号")
    box = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
        "<w:txbxContent><w:p><w:r><w:t>哈尔滨市香坊区总工会文件</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    anchor._p.insert(0, box)
    document.add_paragraph(PARAGRAPH)
    buf = io.BytesIO()
    document.save(buf)
    assert extract_docx(buf.getvalue()).text.split("\n") == [
        "哈尔滨市香坊区总工会文件",
        "香工发〔2024〕12号",
        PARAGRAPH,
    ]


def test_docx_content_controls_and_tracked_insertions_are_read():
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    first = document.add_paragraph("下面,我受市总十六届常委会委托,")
    first._p.append(parse_xml(f"<w:ins {w}><w:r><w:t>向全委会作工作报告,</w:t></w:r></w:ins>"))
    first._p.append(parse_xml(f"<w:del {w}><w:r><w:delText>删去的字</w:delText></w:r></w:del>"))
    control = parse_xml(
        f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>{PARAGRAPH}</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    document.element.body.insert(1, control)
    buf = io.BytesIO()
    document.save(buf)
    assert extract_docx(buf.getvalue()).text.split("\n")[:2] == [
        "下面,我受市总十六届常委会委托,向全委会作工作报告,",
        PARAGRAPH,
    ]


def test_a_heading_that_fills_the_line_is_not_joined_to_the_letter():
    # The heading and salutation of corpus/docs/gov-cn/20181109-0106.html.
    title = "国务院办公厅关于印发《政府网站集约化试点工作方案》的通知"
    letter = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
    assert rejoin_wrapped([title, letter]) == [title, letter]

"""The definitions diagnosis (bench.relevance.definitions): what it reads as a definition,
and when a question reaches a defined term, on sentences of the shipped laws."""

from __future__ import annotations

from bench.relevance.definitions import Definition, Reach, definitions_in
from bench.relevance.oracle import RESOURCES
from indexer.analysis import Analyzer, normalize

# 劳动合同法 第十五条 and 第四十七条, 职工带薪年休假条例 第二条, 劳动合同法 第七十八条 (指导).
LAW = normalize(
    "第十五条　以完成一定工作任务为期限的劳动合同，是指用人单位与劳动者约定以某项工作的完成"
    "为合同期限的劳动合同。\n"
    "本条所称月工资是指劳动者在劳动合同解除或者终止前十二个月的平均工资。\n"
    "职工连续工作1年以上的，享受带薪年休假（以下简称年休假）。\n"
    "工会应当依法维护劳动者的合法权益，指导劳动者与用人单位依法订立劳动合同。"
)


def test_reads_definitions_and_abbreviations_not_verbs_of_pointing():
    found = list(definitions_in(LAW))
    assert [d.term for d in found] == ["以完成一定工作任务为期限的劳动合同", "月工资", "年休假"]
    assert found[1] == Definition("月工资", "劳动者在劳动合同解除或者终止前十二个月的平均工资")
    assert found[2].body == "享受带薪年休假"


def test_a_question_reaches_a_term_whose_body_its_words_cover():
    split = Analyzer.from_resources(RESOURCES).load().query_words
    reach = Reach([LAW, normalize("劳动者的平均工资")], split)
    asked = split("合同解除前十二个月的平均工资怎么算")
    assert reach.terms(asked, cover=0.3, min_words=2) == ["月工资"]
    # One word of the body is not enough when two are asked for; a term typed is not reached.
    assert reach.terms(split("平均工资"), cover=0.0, min_words=2) == []
    assert reach.terms(split("月工资 解除 平均工资"), cover=0.0, min_words=2) == []

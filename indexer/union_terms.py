"""Build corpus/union_terms.dict, the jieba user dictionary of union and labour terms.

Terms come from a curated seed list plus candidates mined from the corpus itself:

* short terms in “…” quotes inside union documents (campaign names such as 工人先锋号);
* frequent n-grams ending in a union head word (工会, 制度, 合同, 竞赛) whose left edge
  varies (they start a word rather than continue one) and whose first part is one noun.

Only terms that occur in the corpus are written, with a frequency high enough
(``SEED_FREQ`` / ``MINED_FREQ``) that jieba keeps them whole.  Rebuild with::

    python -m indexer.union_terms [--corpus corpus/docs] [--out corpus/union_terms.dict]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from indexer.document import Rejected
from indexer.extract import extract_documents, is_sidecar
from indexer.resources import UNION_DICT_FILE, CorpusResources, load_resources

SEED_FREQ = 20000
MINED_FREQ = 5000
TAG = "nz"

SEED_TERMS = (
    "工资集体协商", "集体协商", "厂务公开", "政务公开", "职代会", "职工代表大会", "教代会",
    "职工之家", "职工小家", "金秋助学", "安康杯", "工人先锋号", "两个普遍", "困难职工",
    "劳模", "劳动模范", "劳模精神", "总工会", "市总工会", "省总工会", "区总工会", "县总工会",
    "中华全国总工会", "集体合同", "劳动争议", "劳动人事争议", "农民工", "女职工", "送温暖",
    "职工书屋", "劳动竞赛", "技术创新", "会员评家", "职工代表", "基层工会", "工会经费",
    "工会组织", "工会干部", "工会主席", "工会会员", "面对面", "心贴心", "实打实", "名师带高徒",
    "五一劳动奖章", "五一劳动奖状", "工人阶级", "主力军", "帮扶中心", "困难职工帮扶中心",
    "劳动合同", "劳务派遣", "劳动报酬", "加班费", "带薪年休假", "劳动保障监察",
    "劳动法律监督", "工资支付", "最低工资", "职业病", "安全生产", "劳动保护", "职工文化",
    "职工素质", "素质工程", "五型班组", "技能竞赛", "职工董事", "职工监事", "行业工会",
    "产业工会", "女职工委员会", "经费审查委员会", "工人文化宫", "劳动关系", "和谐劳动关系",
    "职工医疗互助", "互助保障", "农民工工资", "职工权益", "合法权益", "娘家人", "职工群众",
    "工会工作", "工会法", "劳动法", "劳动合同法", "送清凉", "节能减排", "合理化建议",
    # Labour-law terms jieba would cut into single characters (竞 业 限制): the vocabulary of
    # pinyin input and did-you-mean holds words of two or more characters only.
    "竞业限制",
)  # fmt: skip
# Nominal heads only: "…职工" and "…协商" n-grams are mostly verb + object (指导职工).
SUFFIXES = ("工会", "制度", "合同", "竞赛")
# Words jieba tags as nouns that mostly act as verbs before a union head word.
_VERBISH = {"会同", "代表", "联系", "指导", "办理", "处分", "分流", "组织", "工会组织"}
# Characters that cannot start a term (function words and conjunctions).
_BAD_START = set("的了在和与及对为是等各中把被将以从向由于其这该之并或而且也都就")
_QUOTED = re.compile(r"[“\"]([\u4e00-\u9fff]{3,10})[”\"]")
_UNION_CHARS = re.compile(r"[工职劳会岗技模协帮困薪]")


def corpus_texts(corpus_dir: Path, resources: CorpusResources) -> Iterator[str]:
    for path in sorted(Path(corpus_dir).rglob("*")):
        if not path.is_file() or is_sidecar(path):
            continue
        try:
            docs = extract_documents(path, corpus_dir, resources).documents
        except Rejected:
            continue
        for doc in docs:
            yield doc.title + "\n" + doc.body


def quoted_candidates(texts: Iterable[str]) -> Counter[str]:
    """Quoted campaign names in union documents (texts that talk about 工会 a lot)."""
    found: Counter[str] = Counter()
    for text in texts:
        if text.count("工会") < 5:
            continue
        for term in _QUOTED.findall(text):
            if _UNION_CHARS.search(term) and term[0] not in _BAD_START:
                found[term] += 1
    return found


def ngram_candidates(texts: Iterable[str], min_count: int = 4, limit: int = 80) -> Counter[str]:
    """Frequent n-grams ending in a union head word whose left neighbour varies."""
    counts: Counter[str] = Counter()
    left: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        for suffix in SUFFIXES:
            for match in re.finditer(suffix, text):
                end = match.end()
                for n in range(len(suffix) + 2, len(suffix) + 5):
                    start = end - n
                    if start < 0:
                        break
                    gram = text[start:end]
                    if not re.fullmatch(r"[\u4e00-\u9fff]+", gram):
                        break
                    counts[gram] += 1
                    left[gram].add(text[start - 1] if start > 0 else "^")
    good = Counter(
        {
            gram: c
            for gram, c in counts.items()
            if c >= min_count
            and len(left[gram]) >= 3
            and gram[0] not in _BAD_START
            and _is_noun_modifier(gram[: -_suffix_len(gram)])
        }
    )
    return Counter(dict(good.most_common(limit)))


def _suffix_len(gram: str) -> int:
    return next(len(s) for s in SUFFIXES if gram.endswith(s))


def _is_noun_modifier(prefix: str) -> bool:
    """企业|工会, 上级|工会 are terms; 保障|职工, 签订|劳动合同 are verb phrases.

    The prefix must be one word for jieba's stock dictionary, tagged as a noun (or a
    verbal noun / distinguishing word), so verb + object phrases stay out.
    """
    import jieba.posseg  # deferred: loading jieba's dictionary takes a second

    words = list(jieba.posseg.cut(prefix, HMM=False))
    if len(words) != 1 or prefix in _VERBISH:
        return False
    return words[0].flag[:1] in ("n", "b") and words[0].flag != "nr"


def build_union_terms(corpus_dir: Path, resources: CorpusResources) -> dict[str, int]:
    """term -> jieba frequency, for seed and mined terms that occur in the corpus."""
    texts = list(corpus_texts(corpus_dir, resources))
    corpus = "\n".join(texts)
    terms = {term: SEED_FREQ for term in SEED_TERMS if term in corpus}
    for term in (*quoted_candidates(texts), *ngram_candidates(texts)):
        terms.setdefault(term, MINED_FREQ)
    return terms


def write_union_dict(terms: dict[str, int], path: Path) -> None:
    lines = [f"{term} {freq} {TAG}" for term, freq in sorted(terms.items())]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_root = Path(__file__).resolve().parent.parent / "corpus"
    parser.add_argument("--resources", type=Path, default=default_root)
    parser.add_argument("--corpus", type=Path, default=None, help="default: RESOURCES/docs")
    parser.add_argument(
        "--out", type=Path, default=None, help=f"default: RESOURCES/{UNION_DICT_FILE}"
    )
    args = parser.parse_args(argv)
    resources = load_resources(args.resources)
    terms = build_union_terms(args.corpus or args.resources / "docs", resources)
    out = args.out or args.resources / UNION_DICT_FILE
    write_union_dict(terms, out)
    print(f"wrote {len(terms)} terms to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

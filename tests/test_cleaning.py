"""Cleaning a chat model's reply: preambles, sign-offs, echoed headings in any form, Markdown, code
fences, a repeated title and notes blocks go; no sentence holding a supplied figure is ever lost."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from drafter.cleaning import chatter_paragraphs, clean_reply, figures_of, is_refusal

CASES = yaml.safe_load((Path(__file__).parent / "data" / "cleaning_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_a_reply_is_cleaned_to_the_section_body(case: dict) -> None:
    cleaned = clean_reply(case["reply"], heading=case["heading"], title=case.get("title", ""),
                          data=case.get("data", []))
    assert cleaned.text == case["body"]
    assert not chatter_paragraphs(cleaned.text.splitlines()) or "注：" in case["body"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_supplied_figure_of_the_reply_survives_cleaning(case: dict) -> None:
    supplied = set().union(*(figures_of(d) for d in case.get("data", []))) if case.get("data") else set()
    cleaned = clean_reply(case["reply"], heading=case["heading"], data=case.get("data", []))
    assert (figures_of(case["reply"]) & supplied) <= figures_of(cleaned.text)


def test_what_was_removed_is_kept_for_the_record() -> None:
    cleaned = clean_reply("好的，以下是本节正文：\n全县高企47家。\n希望对您有所帮助。", heading="突出创新主体")
    assert cleaned.removed == ("好的，", "以下是本节正文：", "希望对您有所帮助。")


@pytest.mark.parametrize("reply", ["抱歉，我无法完成这个请求。", "作为一个AI语言模型，我不能编造数据。",
                                   "对不起，要点中没有足够的信息，无法撰写本节。"])
def test_a_refusal_is_recognised(reply: str) -> None:
    assert is_refusal(reply)


@pytest.mark.parametrize("reply", ["全县高企47家。", "针对企业创新能力不足的问题，我局无法回避，必须正视。",
                                   "部分项目因资金未到位无法完成年度目标。"])
def test_section_text_is_no_refusal(reply: str) -> None:
    assert not is_refusal(reply)

"""The offline composer reads a rewrite's instruction as a person writes it (drafter.backends.instructions)."""

from __future__ import annotations

import pytest

from drafter.backends.instructions import asks_for, read_instruction, unfollowed


@pytest.mark.parametrize("instruction", ["更精炼", "写得更精炼一些", "请再精简一点", "简洁些", "稍微简练一点", "压缩一下",
                                         "缩短篇幅", "写短一点", "删繁就简", "请把这一段写得简明一些"])
def test_every_way_of_asking_for_concision_is_understood(instruction):
    assert asks_for(instruction, "concise")
    assert unfollowed(instruction) == []


@pytest.mark.parametrize("instruction", ["突出成效", "突出亮点", "写出成果", "多写成绩"])
def test_asking_for_results_is_understood_and_named_as_not_followed(instruction):
    [part] = unfollowed(instruction)
    assert part.part == instruction and "不会替您提炼成效和亮点" in part.reason


def test_fillers_alone_ask_for_nothing_and_a_part_nobody_understands_is_named_with_its_reason():
    assert read_instruction("请，一下。") == []
    [part] = unfollowed("更精炼，加上天气情况")
    assert (part.part, part.reason) == ("加上天气情况", "离线起草看不懂这一要求，只能按要点原话成文")


def test_a_followed_wish_that_changed_nothing_is_named_only_when_nothing_changed():
    assert unfollowed("写得更精炼一些") == []
    [part] = unfollowed("写得更精炼一些", changed=False)
    assert part.part == "写得更精炼一些" and "只有要点原话" in part.reason


def test_a_part_naming_two_wishes_names_the_one_not_followed_by_its_label():
    assert [str(u) for u in unfollowed("精炼地突出成效")] == ["“突出成效”（离线起草只用要点原话，不会替您提炼成效和亮点；可把成效写进要点）"]


def test_two_wishes_the_composer_cannot_follow_in_one_part_give_the_part_once_with_the_first_reason():
    [part] = unfollowed("突出成效")  # 突出 (emphasis) and 成效 (results): named once, as results
    assert "不会替您提炼成效和亮点" in part.reason
    [part] = unfollowed("突出问题")
    assert part.reason == "离线起草按要点的顺序成文，不调整结构和侧重"

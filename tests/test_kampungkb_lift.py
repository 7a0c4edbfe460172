"""'Yang diperlukan untuk naik kelas': the next class named, the shortfall in words, advice for
every group not met (kampungkb/lift.py), and the section on a Kampung KB's page."""

import datetime

import pytest
from django.utils import translation

from kampungkb import lift
from kampungkb import rules as r
from kampungkb.rules import INPUT, MANDIRI, OUTPUT, PROCESS
from kampungkb.services.classify import classify
from tests.kampungkb_factories import ProfileFactory
from tests.test_kampungkb_classify import INPUT_PROCESS
from tests.test_kampungkb_rules import INPUT_MET, OUTPUT_MET, PROCESS_MET


def plan_of(facts, language="id"):
    result = r.classify(facts)
    with translation.override(language):
        return result, lift.lift_plan(result.scores, result.values)


def group(plan, label):
    (found,) = [g for g in plan.groups if g.label == label]
    return found


def test_from_dasar_it_names_berkembang_and_the_two_groups_it_needs():
    result, plan = plan_of(r.Facts())
    assert result.maturity_class == r.DASAR
    assert plan.next_class == "Berkembang"
    assert plan.headline == "Naik ke Berkembang bila Input dan Proses terpenuhi."
    assert [(g.label, g.needed_next) for g in plan.groups] == [
        ("Input", True),
        ("Proses", True),
        ("Output", False),  # advice too, though the next class does not need it yet
    ]


def test_from_berkembang_output_alone_makes_it_berkelanjutan():
    _result, plan = plan_of(r.Facts(**INPUT_MET, **PROCESS_MET, pus=100, kb_users=27))
    assert plan.headline == "Naik ke Berkelanjutan bila Output terpenuhi."
    assert [g.label for g in plan.groups] == ["Output"]


def test_with_output_met_either_input_or_process_makes_it_mandiri():
    result, plan = plan_of(r.Facts(**OUTPUT_MET))
    assert result.maturity_class == r.DASAR
    assert r.class_of(result.met | {INPUT}) == MANDIRI
    assert plan.headline == "Naik ke Mandiri bila Input atau Proses terpenuhi."
    assert all(g.needed_next for g in plan.groups)


def test_the_shortfall_is_explained_in_points_per_group():
    result, plan = plan_of(r.Facts(**INPUT_MET, **PROCESS_MET, pus=100, kb_users=27))
    total = sum(result.scores[c] for c in r.GROUP_CODES[OUTPUT])
    output = group(plan, "Output")
    assert f"berjumlah {total} poin" in output.explanation
    assert "yang diperlukan 12" in output.explanation
    assert f"kurang {12 - total} poin" in output.explanation
    assert "menambah satu poin" in output.explanation


@pytest.mark.parametrize(
    ("label", "codes"),
    [
        ("Input", r.GROUP_CODES[INPUT]),
        ("Proses", r.GROUP_CODES[PROCESS]),
        ("Output", r.GROUP_CODES[OUTPUT]),
    ],
)
def test_every_indicator_of_an_unmet_group_gets_advice_and_what_its_next_score_needs(label, codes):
    _result, plan = plan_of(r.Facts())
    steps = group(plan, label).steps
    assert len(steps) == len(codes)  # all at score 1: every one can rise
    for advice, where in steps:
        assert advice and "skor 2 bila" in where
    with translation.override("id"):
        assert {advice for advice, _where in steps} == {str(lift.ADVICE[c]) for c in codes}


def test_output_advice_names_the_figure_and_the_band():
    _result, plan = plan_of(r.Facts(**INPUT_MET, **PROCESS_MET, pus=100, kb_users=27))
    steps = dict((where, advice) for advice, where in group(plan, "Output").steps)
    where = "kesertaan ber-KB 27% (skor 2 bila ≥ 30%)"
    assert where in steps
    assert "pasangan usia subur (PUS)" in steps[where]


def test_an_indicator_at_its_top_score_gets_no_advice():
    # Secretariat and Rumah DataKu both present: score 3, the top of that indicator.
    _result, plan = plan_of(r.Facts(secretariat=True, rumah_dataku=True))
    wheres = " ".join(where for _a, where in group(plan, "Input").steps)
    assert "Sekretariat" not in wheres


def test_the_pokja_value_is_in_words():
    _result, plan = plan_of(r.Facts(pokja_formed=True))
    wheres = " ".join(where for _a, where in group(plan, "Input").steps)
    assert "Pokja Kampung KB dibentuk (skor 3 bila" in wheres
    assert "formed" not in wheres


def test_nothing_to_lift_at_the_top():
    _result, plan = plan_of(r.Facts(**INPUT_MET, **PROCESS_MET, **OUTPUT_MET))
    assert plan is None


def test_english_reads_as_english():
    _result, plan = plan_of(r.Facts(), language="en")
    assert plan.headline == "Moves up to Berkembang when Input and Process are met."


def test_the_kampung_page_shows_the_next_class_and_advice_per_group(
    client_for, operator, two_villages
):
    kampung = two_villages[0]
    today = datetime.date.today()
    ProfileFactory(
        kampung=kampung, period=today.replace(day=1), status="terverifikasi", **INPUT_PROCESS
    )
    classify(years=[today.year])
    client = client_for(operator)
    with translation.override("id"):
        page = client.get(kampung.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'id="kkb-next-class"' in page
    assert "Naik ke Berkelanjutan bila Output terpenuhi." in page
    assert "Output belum terpenuhi" in page
    assert "kurang" in page and "poin" in page
    assert "Jangkau lebih banyak pasangan usia subur (PUS)" in page

"""The four criteria, table-driven, on plain facts (no database)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from pokja.effectiveness import rules
from pokja.effectiveness.rules import BudgetFact, DecreeFact, DocumentFact, PlanFact, PokjaFacts

V, D, S, R = "terverifikasi", "draf", "diajukan", "ditolak"
TODAY = date(2026, 11, 22)


def sk(status=V, valid_from=date(2022, 1, 1), valid_until=date(2026, 12, 31), **kw):
    return DecreeFact(1, "12/2022", status, valid_from, valid_until, **kw)


@pytest.mark.parametrize(
    ("decrees", "year", "met", "code"),
    [
        ([sk()], 2026, True, None),
        # Valid until the assessment date itself counts; the day before it does not.
        ([sk(valid_until=date(2025, 12, 31))], 2025, True, None),
        ([sk(valid_until=date(2025, 12, 30))], 2025, False, "sk_expired"),
        # For the current year the assessment date is today.
        ([sk(valid_until=TODAY)], 2026, True, None),
        ([sk(valid_until=date(2026, 11, 21))], 2026, False, "sk_expired"),
        ([sk(valid_until=None)], 2026, True, None),
        ([sk(valid_from=date(2027, 1, 1), valid_until=None)], 2026, False, "sk_not_yet_valid"),
        ([sk(valid_until=None, revoked_on=date(2026, 3, 1))], 2026, False, "sk_revoked"),
        # An SK counts from the day it was signed, not from a backdated start of validity.
        (
            [sk(valid_from=date(2025, 1, 1), set_on=date(2026, 2, 10))],
            2025,
            False,
            "sk_signed_later",
        ),
        ([sk(valid_from=date(2025, 1, 1), set_on=date(2026, 2, 10))], 2026, True, None),
        ([sk(valid_from=date(2025, 1, 1), set_on=date(2024, 12, 20))], 2025, True, None),
        ([sk(status=S)], 2026, False, "sk_unverified"),
        ([sk(status=R)], 2026, False, "sk_unverified"),
        ([sk(status=D)], 2026, False, "sk_unverified"),
        ([sk(working_group_id=7)], 2026, False, "no_sk"),
        ([], 2026, False, "no_sk"),
    ],
)
def test_sk_criterion(decrees, year, met, code):
    result = rules.judge_sk(decrees, rules.assessment_date(year, TODAY))

    assert result.met is met
    assert (result.reason or {}).get("code") == code


@pytest.mark.parametrize(
    ("plans", "met", "code"),
    [
        ([PlanFact(1, 2026, "Renja", V)], True, None),
        ([PlanFact(1, 2025, "Renja", V)], False, "no_plan"),
        ([PlanFact(1, 2026, "Renja", S)], False, "plan_unverified"),
        ([PlanFact(1, 2026, "Renja bidang", V, working_group_id=3)], False, "no_plan"),
    ],
)
def test_work_plan_criterion(plans, met, code):
    result = rules.judge_plan(plans, 2026)

    assert result.met is met
    assert (result.reason or {}).get("code") == code


@pytest.mark.parametrize(
    ("documents", "met", "code"),
    [
        ([DocumentFact(1, "RPJMD", V, 2021, 2026, 3)], True, None),
        ([DocumentFact(1, "RPJMD", V, 2021, 2025, 3)], False, "no_document"),
        ([DocumentFact(1, "RKPD", V, 2027, 2027, 3)], False, "no_document"),
        ([DocumentFact(1, "RPJMD", V, 2021, 2026, 0)], False, "document_without_indicators"),
        ([DocumentFact(1, "RPJMD", S, 2021, 2026, 2)], False, "document_unverified"),
        # Only indicators written in as "Other" do not meet the criterion; one of the list does.
        (
            [DocumentFact(1, "RPJMD", V, 2021, 2026, 0, other_count=1)],
            False,
            "document_only_other_indicators",
        ),
        ([DocumentFact(1, "RPJMD", V, 2021, 2026, 1, other_count=1)], True, None),
    ],
)
def test_indicator_criterion(documents, met, code):
    result = rules.judge_indicator(documents, 2026)

    assert result.met is met
    assert (result.reason or {}).get("code") == code


@pytest.mark.parametrize(
    ("budgets", "met", "code"),
    [
        ([BudgetFact(2026, V, Decimal(50_000_000), 1)], True, None),
        ([BudgetFact(2026, V, Decimal(0), 1)], False, "budget_zero"),
        ([BudgetFact(2025, V, Decimal(50_000_000), 1)], False, "no_budget"),
        ([BudgetFact(2026, S, Decimal(50_000_000), 1)], False, "budget_unverified"),
        ([], False, "no_budget"),
    ],
)
def test_budget_criterion(budgets, met, code):
    result = rules.judge_budget(budgets, 2026)

    assert result.met is met
    assert (result.reason or {}).get("code") == code


def complete_facts():
    return PokjaFacts(
        decrees=[sk()],
        plans=[PlanFact(1, 2026, "Renja", V)],
        documents=[DocumentFact(1, "RPJMD", V, 2021, 2026, 2)],
        budgets=[BudgetFact(2026, V, Decimal(1), 1)],
    )


def test_effective_only_with_all_four():
    complete = rules.judge(complete_facts(), 2026, TODAY)
    assert (complete.score, complete.is_effective) == (4, True)

    facts = complete_facts()
    facts.budgets = []
    three = rules.judge(facts, 2026, TODAY)
    assert (three.score, three.is_effective) == (3, False)


def test_a_region_without_pokja_scores_zero_and_says_why():
    judgement = rules.judge(None, 2026, TODAY)

    assert judgement.score == 0
    assert {r.reason["code"] for r in judgement.results.values()} == {"no_pokja"}


def test_working_group_is_judged_on_its_own_evidence():
    facts = complete_facts()
    facts.decrees.append(sk(working_group_id=9))
    facts.budgets.append(BudgetFact(2026, V, Decimal(5), 2, working_group_id=9))

    group = rules.judge_group(facts, 9, 2026, TODAY)

    assert {c: r.met for c, r in group.results.items()} == {
        "sk": True,
        "plan": False,
        "indicator": False,
        "budget": True,
    }


def test_a_backdated_sk_says_when_it_was_signed():
    decree = sk(valid_from=date(2025, 1, 1), set_on=date(2026, 2, 10))
    result = rules.judge_sk([decree], date(2025, 12, 31))

    with translation.override("id"):
        assert rules.describe(result.reason) == (
            "SK 12/2022 ditandatangani 10/02/2026: SK berlaku sejak hari ditandatangani, "
            "sehingga tidak membuat tahun 2025 efektif secara surut."
        )


def test_reasons_read_in_indonesian():
    result = rules.judge_sk([sk(valid_until=date(2025, 12, 31))], date(2026, 12, 31))

    with translation.override("id"):
        assert rules.describe(result.reason) == "SK 12/2022 berakhir 31/12/2025."
        assert rules.describe({"code": "no_plan", "params": {"year": 2026}}) == (
            "Belum ada rencana kerja 2026."
        )


# SKs whose dates fall in a few weeks: one revoked, one signed after its start of validity, one
# ended, one of a working group, one waiting for verification.
SKS_OF_A_FEW_WEEKS = [
    DecreeFact(1, "1/2026", V, date(2026, 3, 2), date(2026, 3, 20), revoked_on=date(2026, 3, 14)),
    DecreeFact(2, "2/2026", V, date(2026, 3, 5), None, set_on=date(2026, 3, 9)),
    DecreeFact(3, "3/2026", V, date(2026, 2, 20), date(2026, 3, 11)),
    DecreeFact(4, "4/2026", V, date(2026, 3, 17), None, working_group_id=7),
    DecreeFact(5, "5/2026", S, date(2026, 3, 23), date(2026, 3, 25)),
]


@pytest.mark.parametrize("decrees", [SKS_OF_A_FEW_WEEKS, *([d] for d in SKS_OF_A_FEW_WEEKS)])
def test_the_sk_judgement_holds_exactly_on_the_steady_days_around_a_day(decrees):
    """The engine judges a region again for a day outside the steady days it stored
    (inputs.py): every day inside them must be judged alike, and the days just outside must
    hold another state of some SK (begun, signed, not ended, not revoked: what judge_sk
    compares with the day), or the engine would judge again for nothing."""

    def states(day):
        by_sk = (
            (d.valid_from <= day, d.set_on is None or d.set_on <= day)
            + (d.valid_until is None or day <= d.valid_until,)
            + (d.revoked_on is None or day < d.revoked_on,)
            for d in decrees
        )
        return tuple(by_sk), rules.judge_sk(decrees, day)

    days = [date(2026, 2, 10) + timedelta(days=n) for n in range(60)]
    for day in days:
        first, after = rules.sk_states_steady(decrees, day)
        steady = [d for d in days if (first is None or first <= d) and (after is None or d < after)]
        assert all(states(d) == states(day) for d in steady), day
        if first is not None:
            assert states(first - timedelta(days=1))[0] != states(day)[0]
        if after is not None:
            assert states(after)[0] != states(day)[0]


def test_without_an_sk_every_day_is_steady():
    assert rules.sk_states_steady([], TODAY) == (None, None)

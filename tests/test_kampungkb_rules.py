"""The published Kampung KB maturity rule, at every threshold edge (kampungkb/rules.py)."""

import pytest

from kampungkb import rules as r
from kampungkb.rules import BERKELANJUTAN, BERKEMBANG, DASAR, INPUT, MANDIRI, OUTPUT, PROCESS


def score(facts: r.Facts, code: str) -> int:
    return r.classify(facts).scores[code]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (r.Facts(), 1),
        (r.Facts(pokja_formed=True), 2),
        (r.Facts(pokja_formed=True, pokja_has_members=True), 3),
        (r.Facts(pokja_formed=True, pokja_trained=True), 3),
        (r.Facts(pokja_formed=True, pokja_has_members=True, pokja_trained=True), 4),
    ],
)
def test_pokja_score(facts, expected):
    assert score(facts, "pokja") == expected


@pytest.mark.parametrize(
    ("field", "code", "table"),
    [
        ("funding_sources", "funding", {0: 1, 1: 2, 2: 3, 4: 3, 5: 4, 6: 4}),
        ("poktan_present", "poktan", {0: 1, 1: 2, 2: 2, 3: 3, 4: 3, 5: 4}),
        ("data_sources", "data_sources", {0: 1, 1: 2, 2: 3, 3: 3, 4: 4, 5: 4}),
        ("routines_active", "routines", {0: 1, 1: 2, 2: 2, 3: 3, 4: 3, 5: 4}),
        ("agencies", "agencies", {0: 1, 1: 2, 3: 2, 4: 3, 6: 3, 7: 4}),
    ],
)
def test_count_scores_at_every_edge(field, code, table):
    for value, expected in table.items():
        assert score(r.Facts(**{field: value}), code) == expected, (field, value)


@pytest.mark.parametrize(
    ("a", "b", "expected"), [(False, False, 1), (True, False, 2), (False, True, 2), (True, True, 3)]
)
def test_pairs_score_one_two_three(a, b, expected):
    assert score(r.Facts(secretariat=a, rumah_dataku=b), "secretariat") == expected
    assert score(r.Facts(field_officer=a, regulation=b), "officer") == expected


@pytest.mark.parametrize(
    ("users", "expected"),
    # Half to even, as the published query: 29.4% → 29 (1), 29.5% → 30 (2); 40.5% → 40 (2),
    # 40.6% → 41 (3); 50.5% → 50 (3), 51 → 4.
    [
        (294, 1),
        (295, 2),
        (300, 2),
        (404, 2),
        (405, 2),
        (406, 3),
        (500, 3),
        (505, 3),
        (506, 4),
        (1000, 4),
    ],
)
def test_kb_participation_bands_after_rounding(users, expected):
    assert score(r.Facts(pus=1000, kb_users=users), "kb_participation") == expected


def test_81_users_of_200_pus_is_40_percent_score_2_as_on_the_national_site():
    result = r.classify(r.Facts(pus=200, kb_users=81))
    assert (result.values["kb_participation"], result.scores["kb_participation"]) == ("40%", 2)


@pytest.mark.parametrize(
    ("long_acting", "expected"),
    # 19.5% → 20 (2); 22.5% → 22 (2); 23.5% → 24 (3); 24.5% → 24 (3); 24.6% → 25 (4).
    [(194, 1), (195, 2), (224, 2), (225, 2), (226, 3), (235, 3), (245, 3), (246, 4)],
)
def test_long_acting_bands(long_acting, expected):
    assert score(r.Facts(kb_users=1000, long_acting_users=long_acting), "long_acting") == expected


@pytest.mark.parametrize(
    ("unmet", "expected"),
    # 12.5% → 12 (2); 13.5% → 14 (1); 9.5% → 10 (2); 6.5% → 6 (4); 7.5% → 8 (3).
    [
        (130, 1),
        (135, 1),
        (126, 1),
        (125, 2),
        (124, 2),
        (100, 2),
        (95, 2),
        (94, 3),
        (75, 3),
        (70, 3),
        (66, 3),
        (65, 4),
        (64, 4),
        (0, 4),
    ],
)
def test_unmet_need_bands_lower_is_better(unmet, expected):
    assert score(r.Facts(pus=1000, unmet_need=unmet), "unmet_need") == expected


def test_unmet_need_of_25_in_200_pus_is_12_percent_score_2():
    result = r.classify(r.Facts(pus=200, unmet_need=25))
    assert (result.values["unmet_need"], result.scores["unmet_need"]) == ("12%", 2)


def test_output_ratios_without_data_score_one():
    facts = r.Facts(pus=0, kb_users=0)
    assert score(facts, "kb_participation") == 1
    assert score(facts, "long_acting") == 1
    assert score(facts, "unmet_need") == 1
    assert score(facts, "poktan_participation") == 1


@pytest.mark.parametrize(
    ("shares", "expected"),
    [
        # each share rounded first, then their mean: (10+10+10+10+9)/5 = 9.8 → 10 → score 2
        ((10, 10, 10, 10, 9), 2),
        ((9, 9, 9, 10, 10), 1),  # 9.4 → 9
        ((20, 20, 20, 20, 22), 2),  # 20.4 → 20
        ((21, 21, 21, 21, 20), 3),  # 20.8 → 21
        ((30, 30, 30, 30, 32), 3),  # 30.4 → 30
        ((31, 31, 31, 31, 30), 4),  # 30.8 → 31
    ],
)
def test_poktan_participation_mean_of_rounded_shares(shares, expected):
    members = tuple((share, 100) for share in shares)
    assert score(r.Facts(poktan_members=members), "poktan_participation") == expected


def test_a_share_is_rounded_half_to_even():
    assert r.percent(1, 8) == 12  # 12.5 → 12
    assert r.percent(3, 8) == 38  # 37.5 → 38
    assert r.percent(1, 200) == 0  # 0.5 → 0
    assert r.percent(3, 200) == 2  # 1.5 → 2
    assert r.percent(5, 0) is None


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        # 20.5% each → 20 → score 2 (half away from zero would read 21 → 3)
        (((41, 200),) * 5, (20, 2)),
        # 21.5% each → 22 → score 3
        (((43, 200),) * 5, (22, 3)),
        # 30.5% each → 30 → score 3 (not 31 → 4)
        (((61, 200),) * 5, (30, 3)),
        # 9.5% each → 10 → score 2 (the lowest band edge, rounding to even upwards)
        (((19, 200),) * 5, (10, 2)),
        # shares 20.5, 20.5, 20.5, 20.5, 22.5 → 20, 20, 20, 20, 22: mean 20.4 → 20 → score 2
        (((41, 200),) * 4 + ((45, 200),), (20, 2)),
    ],
)
def test_poktan_shares_at_band_edges_round_half_to_even(members, expected):
    result = r.classify(r.Facts(poktan_members=members))
    value = result.values["poktan_participation"]
    assert (int(value.rstrip("%")), result.scores["poktan_participation"]) == expected


def test_group_met_at_average_three_rounded_to_two_decimals():
    assert r.group_average([3, 3, 3, 3, 3]) == 3
    assert r.group_average([4, 3, 3, 3, 2]) == 3
    assert r.group_average([3, 3, 2]) == r.group_average([2, 3, 3])
    assert r.group_average([3, 3, 2]) < 3  # 2.67
    assert r.group_average([4, 3, 2]) == 3


@pytest.mark.parametrize(
    ("met", "expected"),
    [
        (set(), DASAR),
        ({INPUT}, DASAR),
        ({PROCESS}, DASAR),
        ({OUTPUT}, DASAR),
        ({INPUT, PROCESS}, BERKEMBANG),
        ({INPUT, OUTPUT}, MANDIRI),
        ({PROCESS, OUTPUT}, MANDIRI),
        ({INPUT, PROCESS, OUTPUT}, BERKELANJUTAN),
    ],
)
def test_class_from_groups_met(met, expected):
    assert r.class_of(frozenset(met)) == expected


INPUT_MET = dict(
    pokja_formed=True,
    pokja_has_members=True,
    funding_sources=2,
    poktan_present=3,
    secretariat=True,
    rumah_dataku=True,
    field_officer=True,
    regulation=True,
)
PROCESS_MET = dict(data_sources=2, routines_active=3, agencies=4)
OUTPUT_MET = dict(
    pus=100,
    kb_users=60,
    long_acting_users=15,
    unmet_need=5,
    poktan_members=((25, 100),) * 5,
)


def test_a_full_profile_is_berkelanjutan():
    assert r.classify(r.Facts(**INPUT_MET, **PROCESS_MET, **OUTPUT_MET)).maturity_class == (
        BERKELANJUTAN
    )


def test_one_point_below_the_process_edge_falls_back_to_mandiri():
    facts = r.Facts(**INPUT_MET, **{**PROCESS_MET, "agencies": 3}, **OUTPUT_MET)
    result = r.classify(facts)
    assert result.met == {INPUT, OUTPUT}
    assert result.maturity_class == MANDIRI

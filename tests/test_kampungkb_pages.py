def test_the_class_counts_are_written_with_indonesian_grouping():
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    summary = SimpleNamespace(
        count=2582, coverage=3.1, villages=83762, up=1084, down=38, stale=118,
        class_counts=[("dasar", "Dasar", 1755)], unclassified=1200,
    )  # fmt: skip
    with translation.override("id"):
        html = render_to_string(
            "kampungkb/partials/figures.html", {"summary": summary, "year": 2026}
        )

    assert 'data-class="dasar">1.755<' in html
    assert "1.084 naik" in html and ">1.200<" in html


def test_the_page_shows_the_rounded_percentage_the_class_used(client_for, koord_6371, banjarmasin):
    import datetime

    from kampungkb.services.classify import classify
    from tests.kampungkb_factories import KampungKBFactory, ProfileFactory, village

    today = datetime.date.today()
    kampung = KampungKBFactory(region=village(banjarmasin))
    ProfileFactory(
        kampung=kampung,
        period=today.replace(day=1),
        status="terverifikasi",
        pus=200,
        kb_injection=81,  # 40.5%: the national site reads 40, score 2
        not_kb_wants_later=25,  # 12.5%: 12, score 2
    )
    classify(years=[today.year])

    page = client_for(koord_6371).get(kampung.get_absolute_url()).content.decode()

    score = '</td><td class="text-end"><span class="badge text-bg-light border" title="skor">2<'
    assert f'Kesertaan ber-KB</td><td class="text-end">40%{score}' in page
    assert f'Unmet need</td><td class="text-end">12%{score}' in page
    assert "(40,5% menjadi 40%)" in page
    assert f"sampai {today:%d/%m/%Y}" in page

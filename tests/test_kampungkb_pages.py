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

"""Evidence downloads take their type from the content, never from the uploader's file name."""

import pytest
from django.urls import reverse

from tests.factories import DecreeFactory, PokjaFactory, pdf_file


@pytest.fixture
def pokja_6371(banjarmasin):
    return PokjaFactory(region=banjarmasin)


@pytest.mark.parametrize("name", ["laporan.html", "laporan.hta", "laporan.svg"])
def test_a_pdf_named_like_a_page_is_served_as_a_pdf(client_for, staf_kalsel, pokja_6371, name):
    decree = DecreeFactory(pokja=pokja_6371, document=pdf_file(name), document_name=name)

    response = client_for(staf_kalsel).get(reverse("pokja:decree_document", args=[decree.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="laporan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_name_without_a_usable_stem_falls_back_to_the_record(client_for, staf_kalsel, pokja_6371):
    decree = DecreeFactory(pokja=pokja_6371, document_name="")

    response = client_for(staf_kalsel).get(reverse("pokja:decree_document", args=[decree.pk]))

    assert f'filename="sk-{decree.pk}.pdf"' in response["Content-Disposition"]

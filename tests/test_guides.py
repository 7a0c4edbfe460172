"""The in-portal guides ("Panduan", #24) and the "Tentang" page that took over the footer's
attribution: what each role reads, where the links lead, nothing technical left in the footer."""

import pytest
from django.urls import reverse

from pokja import guides


@pytest.mark.parametrize(
    ("persona", "slug"),
    [
        ("staf_kalsel", "staf-provinsi"),
        ("koord_6371", "koordinator"),
        ("operator", "operator-kampung-kb"),
        ("pusat", "pusat"),
        ("admin", "admin"),
    ],
)
def test_it_opens_the_guide_of_the_users_role(client_for, request, persona, slug):
    client = client_for(request.getfixturevalue(persona))

    response = client.get(reverse("pokja:guide_index"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("pokja:guide", args=[slug])
    page = response.content.decode()
    assert f'<h1 class="h3 mb-0 me-auto" id="guide-title">{guides.render(slug).title}' in page
    assert "peran Anda" in page  # the role's guide is marked in the list of the others
    assert "data-print" in page


def test_it_renders_tables_and_links_between_guides_as_portal_pages(client_for, koord_6371):
    page = client_for(koord_6371).get(reverse("pokja:guide", args=["umum"])).content.decode()

    assert '<table class="table table-sm align-middle">' in page
    assert "<th>status</th>" in page
    # docs/users/README.md links to koordinator.md: in the portal, the guide's own address
    assert f'href="{reverse("pokja:guide", args=["koordinator"])}"' in page
    assert ".md" not in page.split('id="guide"')[1].split("</article>")[0]


def test_it_gives_headings_ids_a_page_can_link_to(client_for, koord_6371):
    page = client_for(koord_6371).get(reverse("pokja:guide", args=["koordinator"])).content.decode()

    assert 'id="arti-status"' in page
    url = guides.guide_url("koordinator", "arti-status")
    assert url.endswith("/panduan/koordinator/#arti-status")


def test_an_unknown_guide_is_not_found(client_for, koord_6371):
    assert client_for(koord_6371).get("/panduan/rahasia/").status_code == 404


def test_the_guides_need_a_login(client):
    response = client.get(reverse("pokja:guide", args=["umum"]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_footer_links_the_guide_and_about_instead_of_a_licence_line(client_for, staf_kalsel):
    page = client_for(staf_kalsel).get(reverse("pokja:about")).content.decode()
    footer = page.split("<footer")[1]

    assert "idn-area-data" not in footer and "ODbL" not in footer
    assert "Tentang portal ini dan datanya" in footer
    assert reverse("pokja:guide_index") in footer
    # the attribution the licence asks for, on the page the footer leads to
    attribution = page.split('id="attribution"')[1]
    assert "idn-area-data 4.0.1" in attribution and "Open Database License (ODbL)" in attribution


def test_the_user_menu_leads_to_the_guide(client_for, operator):
    page = client_for(operator).get(reverse("pokja:about")).content.decode()
    menu = page.split('id="user-role"')[1].split("</ul>")[0]

    assert reverse("pokja:guide_index") in menu and ">Panduan<" in menu


def test_the_pages_that_need_it_link_the_paragraph_that_explains_them(client_for, staf_kalsel):
    page = client_for(staf_kalsel).get("/wilayah/63/").content.decode()

    assert 'href="/panduan/umum/#cara-efektivitas-pokja-dihitung"' in page
    explained = client_for(staf_kalsel).get("/panduan/umum/").content.decode()
    assert 'id="cara-efektivitas-pokja-dihitung"' in explained
    assert 'id="cara-kelas-kampung-kb-dihitung"' in explained
    assert 'id="bertanya-kepada-siapa"' in explained

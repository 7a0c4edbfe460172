"""An operator's profile comes back with an error after a PDF was chosen (#20): the page shows the
file as already uploaded, and saving the corrected form stores it without choosing it again."""

import pytest
from playwright.sync_api import expect

from kampungkb.models import Profile
from kampungkb.record_types import PROFILES
from tests.browser.helpers import PDF, log_in


@pytest.mark.parametrize("width", [390, 1366])
def test_operator_never_chooses_the_rkm_twice(page, operator, two_villages, width, tmp_path):
    pdf = tmp_path / "rencana kerja.pdf"
    pdf.write_bytes(PDF)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "operator-1")
    page.goto(PROFILES.create_url(two_villages[0]))
    page.locator("#id_has_rkm").check()
    page.locator("#id_rkm_document").set_input_files(str(pdf))
    page.locator("#id_pus").fill("1")
    page.locator("#id_kb_pill").fill("5")  # more KB users than PUS: refused
    page.get_by_role("button", name="Simpan").click()

    kept = page.locator(".kept-upload")
    kept.scroll_into_view_if_needed()
    expect(kept).to_be_visible()
    expect(kept).to_contain_text("Sudah diunggah: rencana kerja.pdf")
    box = kept.bounding_box()
    assert box and box["width"] >= 200 and box["x"] + box["width"] <= width, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator("#id_pus").fill("10")
    page.get_by_role("button", name="Simpan").click()
    # What the person sees first (the offline-ready form posts by script: the row comes after).
    expect(page.get_by_text("telah disimpan")).to_be_visible()
    profile = Profile.objects.get(kampung=two_villages[0])
    page.wait_for_url(f"**/profil/{profile.pk}/")
    document = page.locator("#record-files")
    expect(document.get_by_role("link", name="rencana kerja.pdf")).to_be_visible()
    assert profile.rkm_document_name == "rencana kerja.pdf"

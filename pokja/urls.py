from django.urls import path

from pokja.kernel.records import record_urls
from pokja.record_types import RECORD_TYPES
from pokja.views import (
    core,
    dashboard,
    exports,
    gdpk,
    guides,
    lists,
    offline,
    pokja_pages,
    provenance,
    regions,
    run_status,
    verification,
)

app_name = "pokja"

urlpatterns = [
    path("", core.home, name="home"),
    path("antrean-kirim/", offline.queue_page, name="offline_queue"),
    path("antrean-kirim/status/", offline.status, name="offline_status"),
    path("nasional/", core.national, name="national"),
    path("panduan/", guides.guide_index, name="guide_index"),
    path("panduan/<slug:slug>/", guides.guide, name="guide"),
    path("tentang/", guides.about, name="about"),
    # Before wilayah/<code>/: "cari" is no Kemendagri code.
    path("wilayah/cari/", regions.region_search, name="region_search"),
    path("wilayah/<str:code>/", core.region_detail, name="region_detail"),
    path("wilayah/<str:code>/pokja/", pokja_pages.pokja_detail, name="pokja_detail"),
    path("wilayah/<str:code>/pokja/ubah/", pokja_pages.pokja_form, name="pokja_form"),
]

# The same generic views for every kind of record, e.g. /sk/12/ubah/ named "pokja:decree_edit".
urlpatterns += record_urls(RECORD_TYPES)

# Cross-region lists and the verification queue.
urlpatterns += [
    path("daftar/sk/", lists.decree_list, name="decree_list"),
    path("daftar/rencana-kerja/", lists.workplan_list, name="workplan_list"),
    path(
        "daftar/dokumen-indikator/",
        lists.indicatordocument_list,
        name="indicatordocument_list",
    ),
    path("daftar/anggaran/", lists.budgetallocation_list, name="budgetallocation_list"),
    path("daftar/tanpa-rencana-kerja/", lists.workplan_gap_list, name="workplan_gap_list"),
    path("verifikasi/", lists.verification_queue, name="verification_queue"),
    path("verifikasi/sekaligus/", verification.verification_batch, name="verification_batch"),
    path("daftar/gdpk/", gdpk.gdpk_list, name="gdpk_list"),
]

# Exports too big for one request: written by the worker, downloaded from their page.
urlpatterns += [
    path("unduhan/", exports.export_job_list, name="export_jobs"),
    path("unduhan/<int:pk>/", exports.export_job_detail, name="export_job"),
    path("unduhan/<int:pk>/status/", exports.export_job_status, name="export_job_status"),
    path("unduhan/<int:pk>/berkas/", exports.export_job_download, name="export_job_download"),
    path("unduhan/<int:pk>/ulangi/", exports.export_job_again, name="export_job_again"),
]

# Effectiveness: recompute button, target count, ranking export, run log. (The dashboards
# themselves are the region pages, core.region_detail.)
urlpatterns += [
    path("wilayah/<str:code>/hitung-ulang/", dashboard.recompute_now, name="recompute_now"),
    path("wilayah/<str:code>/status-hitung/", run_status.run_status, name="run_status"),
    path("wilayah/<str:code>/target/", dashboard.target_save, name="effective_target"),
    path(
        "wilayah/<str:code>/peringkat.<str:export_format>",
        dashboard.ranking_export,
        name="ranking_export",
    ),
    path("efektivitas/riwayat-hitung/", dashboard.run_log, name="run_log"),
]

# "Asal angka": where any figure comes from, for every kind of figure the apps register.
urlpatterns += [
    path("asal-angka/<slug:kind>/<path:ref>/", provenance.provenance, name="provenance"),
]

"""URLs of the targets app, mounted under /target/ in config/urls.py."""

from django.urls import path

from targets import urls_excel
from targets.views import achievements, rakerda, splits

app_name = "targets"

# The fixed prefixes come first: "capaian/63/2026/" would otherwise also match the indicator page.
urlpatterns = [
    path(
        "capaian/<str:province_code>/<int:year>/",
        achievements.achievement_grid,
        name="achievements",
    ),
    path(
        "capaian/<str:province_code>/<int:year>/<int:pk>/status/",
        achievements.achievement_status,
        name="achievement_status",
    ),
    path("rakerda/<str:province_code>/<int:year>/", rakerda.rakerda, name="rakerda"),
    path(
        "rakerda/<str:province_code>/<int:year>/ringkasan/",
        rakerda.rakerda_summary,
        name="rakerda_summary",
    ),
    path("<str:province_code>/<int:year>/", splits.target_index, name="index"),
    path(
        "<str:province_code>/<int:year>/<slug:indicator_code>/",
        splits.target_edit,
        name="edit",
    ),
]

# Excel: template download, all-or-nothing upload, exports.
urlpatterns += urls_excel.urlpatterns

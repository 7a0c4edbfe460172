"""/publik/: the public page and its open data (pokja/public/views.py)."""

from django.urls import path, register_converter

from pokja.public import sitemaps, views

app_name = "public"


class RegionCodeConverter:
    """A province or kab/kota code: "63", "63.03" (anything else never reaches a view)."""

    regex = r"[0-9]{2}(\.[0-9]{2})?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExtensionConverter:
    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RegionCodeConverter, "region")
register_converter(ExtensionConverter, "ext")

urlpatterns = [
    path("", views.national, name="national"),
    path("peta.png", views.national_map, name="map"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("data/", views.data_index, name="data_index"),
    path("data/<slug:slug>.<ext:extension>", views.data, name="data"),
    path("data/<slug:slug>/", views.dictionary, name="dictionary"),
    path("<region:code>/", views.region, name="region"),
    path("<region:code>/peta.png", views.region_map, name="region_map"),
    path("<region:code>/data/<slug:slug>.<ext:extension>", views.region_data, name="region_data"),
]

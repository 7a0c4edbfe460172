"""The public pages and open data (issue #21). Every view is a `public_view` (http.py): no
login, no session, cached whole, throttled; what it shows comes from the registered public
datasets' allow-lists (pokja/kernel/public_data.py) and the maps (pokja/maps)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.formats import date_format

from pokja.kernel import public_data
from pokja.kernel.numbers import format_number
from pokja.kernel.public_data import LICENCE_NAME, LICENCE_URL, PublicDataset
from pokja.kernel.registry import registry
from pokja.kernel.spreadsheets import table_file
from pokja.kernel.years import current_year, year_choices
from pokja.maps import render_map, render_png
from pokja.public.http import public_view, render_page
from pokja.public.regions import children, hidden_codes, hidden_provinces, public_region

MAP_LAYERS = ("efektivitas", "kampung-kb", "stunting")
OG_LAYER = "efektivitas"


def public_years() -> list[int]:
    """The years a public page offers: every program year up to this one, newest first."""
    return year_choices(back=current_year() - 2015)


PAGE_PARAMS = {"tahun": public_years}


def _url(code: str = "") -> str:
    return reverse("public:region", args=[code]) if code else reverse("public:national")


def absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def _cell(value, kind: str) -> str:
    if kind == public_data.YEAR and value is not None:
        return str(value)  # 2024, never "2.024"
    if value is None or value == "":
        return "–"
    if value is True:
        return "Ya"
    if value is False:
        return "Tidak"
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    return str(value)


def _on_page(row: dict, region, year: int, dataset: PublicDataset) -> bool:
    code = row["kode_wilayah"]
    if dataset.yearly and row.get("tahun") != year:
        return False
    if region is None:
        return "." not in code  # the nation: its provinces
    if region.is_province:
        return code == region.code or code.startswith(region.code + ".")
    return code == region.code


def _tables(region, year: int, hidden: frozenset[str]) -> list[dict]:
    scope = region.code if region else ""
    tables = []
    for dataset in registry.ordered_public_datasets():
        columns = [f for f in dataset.fields if f.on_page]
        rows = [r for r in dataset.rows(scope, hidden) if _on_page(r, region, year, dataset)]
        tables.append(
            {
                "dataset": dataset,
                "columns": columns,
                "rows": [[_cell(row[f.name], f.type) for f in columns] for row in rows],
                "csv": _data_url(dataset, scope, "csv"),
                "csv_name": f"{_file_name(dataset, scope)}.csv",
                "json": _data_url(dataset, scope, "json"),
                "dictionary": reverse("public:dictionary", args=[dataset.slug]),
            }
        )
    return tables


def _file_name(dataset: PublicDataset, scope: str) -> str:
    return f"{dataset.slug}-{scope or 'nasional'}"


def _data_url(dataset: PublicDataset, scope: str, extension: str) -> str:
    if scope:
        return reverse("public:region_data", args=[scope, dataset.slug, extension])
    return reverse("public:data", args=[dataset.slug, extension])


def _page(request, code: str, query: dict) -> HttpResponse:
    provinces = hidden_provinces()
    region = public_region(code, provinces) if code else None
    year = int(query.get("tahun", current_year()))
    greyed = hidden_codes(provinces)

    def link(area_code: str) -> str | None:
        return None if area_code.split(".")[0] in provinces else _url(area_code)

    maps = [
        render_map(
            parent=region,
            layer_key=key,
            year=year,
            link=link,
            options={},
            hidden_codes=greyed,
            source_links=False,
        )
        for key in MAP_LAYERS
    ]
    hidden_names = []
    if region is None and provinces:
        from pokja.models import Region

        hidden_names = list(
            Region.objects.filter(code__in=provinces)
            .order_by("code")
            .values_list("name", flat=True)
        )
    name = region.name if region else "Indonesia"
    context = {
        "region": region,
        "province": region.parent if region and region.is_kabupaten_kota else None,
        "name": name,
        "year": year,
        "years": public_years(),
        "page_url": _url(code),
        "children": [(child, _url(child.code)) for child in children(region, provinces)],
        "maps": maps,
        "tables": _tables(region, year, provinces),
        "hidden_names": hidden_names,
        "data_index": reverse("public:data_index"),
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "og_title": f"{name}: angka Pokja Bangga Kencana yang terverifikasi",
        "og_description": (
            f"Efektivitas Pokja, Kampung KB per kelas dan prevalensi stunting {name}, "
            "hanya angka yang sudah diverifikasi, dengan data terbuka CSV dan JSON."
        ),
        "og_url": absolute(_url(code)),
        "og_image": absolute(
            reverse("public:region_map", args=[code]) if code else reverse("public:map")
        ),
    }
    return render_page("public/page.html", context)


@public_view(PAGE_PARAMS)
def national(request, *, query):
    return _page(request, "", query)


@public_view(PAGE_PARAMS)
def region(request, code: str, *, query):
    return _page(request, code, query)


def _map_png(code: str) -> HttpResponse:
    provinces = hidden_provinces()
    region = public_region(code, provinces) if code else None
    image = render_png(parent=region, layer_key=OG_LAYER, year=current_year(), options={})
    return HttpResponse(image, content_type="image/png")


@public_view()
def national_map(request, *, query):
    return _map_png("")


@public_view()
def region_map(request, code: str, *, query):
    return _map_png(code)


def _dataset(slug: str) -> PublicDataset:
    dataset = registry.public_datasets.get(slug)
    if dataset is None:
        raise Http404
    return dataset


def _download(dataset: PublicDataset, scope: str, extension: str) -> HttpResponse:
    rows = dataset.rows(scope, hidden_provinces())
    name = _file_name(dataset, scope)
    if extension == "csv":
        content = table_file(
            dataset.field_names,
            ([public_data.csv_value(row[n]) for n in dataset.field_names] for row in rows),
            title=dataset.title,
            export_format="csv",
        )
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    elif extension == "json":
        body = {
            "dataset": dataset.slug,
            "judul": dataset.title,
            "wilayah": scope or None,
            "lisensi": {"nama": LICENCE_NAME, "url": LICENCE_URL},
            "sumber": dataset.source,
            "kamus_data": absolute(reverse("public:dictionary", args=[dataset.slug])),
            "kolom": [
                {"nama": f.name, "label": f.label, "keterangan": f.description, "tipe": f.type}
                for f in dataset.fields
            ],
            "data": [{k: public_data.json_value(v) for k, v in row.items()} for row in rows],
        }
        content = json.dumps(body, ensure_ascii=False)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
    else:
        raise Http404
    # A CSV is saved under its own name; a JSON opens in the browser (named if saved).
    disposition = "attachment" if extension == "csv" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{extension}"'
    return response


@public_view()
def data(request, slug: str, extension: str, *, query):
    return _download(_dataset(slug), "", extension)


@public_view()
def region_data(request, code: str, slug: str, extension: str, *, query):
    dataset = _dataset(slug)
    region = public_region(code, hidden_provinces())
    return _download(dataset, region.code, extension)


@public_view()
def data_index(request, *, query):
    datasets = [
        {
            "dataset": dataset,
            "csv": _data_url(dataset, "", "csv"),
            "csv_name": f"{_file_name(dataset, '')}.csv",
            "json": _data_url(dataset, "", "json"),
            "dictionary": reverse("public:dictionary", args=[dataset.slug]),
        }
        for dataset in registry.ordered_public_datasets()
    ]
    context = {
        "datasets": datasets,
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "og_title": "Data terbuka Pokja Bangga Kencana",
        "og_description": "Tabel angka terverifikasi sebagai CSV dan JSON, dengan kamus data.",
        "og_url": absolute(reverse("public:data_index")),
        "og_image": absolute(reverse("public:map")),
    }
    return render_page("public/data_index.html", context)


@public_view()
def dictionary(request, slug: str, *, query):
    dataset = _dataset(slug)
    context = {
        "dataset": dataset,
        "csv": _data_url(dataset, "", "csv"),
        "json": _data_url(dataset, "", "json"),
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "og_title": f"Kamus data: {dataset.title}",
        "og_description": dataset.description,
        "og_url": absolute(reverse("public:dictionary", args=[dataset.slug])),
        "og_image": absolute(reverse("public:map")),
    }
    return render_page("public/dictionary.html", context)


@public_view()
def robots(request, *, query):
    lines = [
        "User-agent: *",
        f"Allow: {reverse('public:national')}",
        "Disallow: /",
        f"Sitemap: {absolute(reverse('public:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

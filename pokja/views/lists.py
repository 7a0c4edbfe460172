"""Cross-region lists: evidence of every region in the user's scope, filtered, sorted, exported.

Every list starts from `Model.objects.for_user(request.user)`; the filters, the page and the
CSV/Excel export (`?_export=csv` or `?_export=xlsx`) all work on that one scoped queryset, so an
export holds exactly the rows the page lists, across all its pages. Coordinators see their own
kab/kota only; national users see everything. An export of more rows than
EXPORT_INLINE_MAX_ROWS becomes a job the worker writes (pokja/services/exports.py).

A page below the navbar is kept in the page cache (pokja/kernel/pagecache.py) under its whole
URL (path and query string), the viewer's role and region, language, date and data generation:
rendering 25 rows with django-tables2 costs far more than serving the page with the login form.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.data import TableQuerysetData
from django_tables2.export.views import ExportMixin

from pokja import filtersets, list_exports, tables
from pokja.broker import WorkerUnreachable
from pokja.exports import SafeTableExport
from pokja.kernel import pagecache, policy
from pokja.kernel.registry import registry
from pokja.models import BudgetAllocation, Decree, IndicatorDocument, Region, WorkPlan
from pokja.pagination import BoundedPaginator
from pokja.queue import QueueRows
from pokja.services import exports

PER_PAGE = 25
EXPORT_FORMATS = ("csv", "xlsx")


class ListPageMixin(ExportMixin, SingleTableMixin):
    """Pagination, export and the page furniture every list shares."""

    template_name = "pokja/lists/record_list.html"
    body_template_name = "pokja/lists/partials/list_body.html"
    export_class = SafeTableExport
    table_pagination = {"per_page": PER_PAGE, "paginator_class": BoundedPaginator}
    export_formats = EXPORT_FORMATS
    export_name = "daftar"
    title = ""
    intro = ""
    # Set by the worker (pokja/services/exports.py): write this job's file, answer nothing.
    export_job = None

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}-{timezone.localdate():%Y-%m-%d}.{export_format}"

    def get_dataset_kwargs(self) -> dict:
        return {"title": self.export_name}  # the sheet's name: short and without odd characters

    def get_title(self) -> str:
        return self.title

    def exporting(self) -> bool:
        return self.request.GET.get(self.export_trigger_param) in self.export_formats

    def create_export(self, export_format: str):
        """The file at once, or, for more rows than EXPORT_INLINE_MAX_ROWS, a job for the
        worker and a redirect to its page."""
        table = self.get_table(**self.get_table_kwargs())
        total = self.export_row_count(table)
        if self.export_job is not None:
            exports.write_job_file(
                self.export_job, self.export_rows(table), total=total, sheet_title=self.export_name
            )
            return HttpResponse(status=204)
        if total > settings.EXPORT_INLINE_MAX_ROWS:
            return self.start_export_job(export_format, total)
        return self.export_response(export_format, table)

    @staticmethod
    def export_row_count(table) -> int:
        """Counted by the database: len() of a table without pages would read every row."""
        if isinstance(table.data, TableQuerysetData):
            return table.data.data.count()
        return len(table.data)

    def export_response(self, export_format: str, table):
        exporter = self.export_class(
            export_format=export_format,
            table=table,
            exclude_columns=self.exclude_columns,
            dataset_kwargs=self.get_dataset_kwargs(),
        )
        return exporter.response(filename=self.get_export_filename(export_format))

    def export_rows(self, table) -> Iterable[list]:
        """Header and rows for a file the worker writes: the table library's here (the region
        lists and the queue are small); EvidenceListView reads them straight from the query."""
        dataset = self.export_class("csv", table, self.exclude_columns).dataset
        return [list(dataset.headers), *(list(row) for row in dataset)]

    def start_export_job(self, export_format: str, total: int):
        query = self.request.GET.copy()
        query.pop(self.export_trigger_param, None)
        back = f"{self.request.path}?{query.urlencode()}" if query else self.request.path
        try:
            job = exports.export_job_enqueue(
                owner=self.request.user,
                list_name=self.request.resolver_match.view_name,
                title=str(self.get_title()),
                export_format=export_format,
                query=query.urlencode(),
                filename=self.get_export_filename(export_format),
                rows_total=total,
            )
        except WorkerUnreachable as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect(back)
        return redirect(job)

    @classmethod
    def as_view(cls, **initkwargs):
        # A page only reads: without the per-request transaction, two queries fewer (an
        # export, which may queue a job, opens its own in get()).
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def get(self, request, *args, **kwargs):
        """The page from the cache when the same kind of viewer asked for the same query since
        the last write; an export is never kept."""
        if self.exporting():
            with transaction.atomic():
                return super().get(request, *args, **kwargs)

        def build() -> dict:
            response = super(ListPageMixin, self).get(request, *args, **kwargs).render()
            context = response.context_data
            return {
                "title": str(context["title"]),
                # The body template's own output, rendered once (a second rendering would
                # number the rows on from the first).
                "body": mark_safe(response.content.decode()),  # noqa: S308
                "media": str(context["filter"].form.media),
            }

        parts = pagecache.cached_parts(request, build)
        return render(request, self.template_name, parts)

    def render_to_response(self, context, **response_kwargs):
        if self.exporting():
            return super().render_to_response(context, **response_kwargs)
        # Below the navbar only: get() puts it in the page.
        return TemplateResponse(self.request, self.body_template_name, context)

    def get_table_pagination(self, table):
        # An export holds every row: no page to count and slice first.
        return False if self.exporting() else super().get_table_pagination(table)

    def get_context_data(self, **kwargs):
        if self.exporting():
            return kwargs  # render_to_response builds the export's own table; no page needed
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.get_title(),
            intro=self.intro,
            export_formats=self.export_formats,
            export_param=self.export_trigger_param,
        )
        return context


class EvidenceListView(ListPageMixin, FilterView):
    """One kind of evidence across every region in scope."""

    model = None  # set by each subclass

    def get_queryset(self):
        return (
            self.model.objects.for_user(self.request.user)
            .select_related("pokja__region", "working_group")
            .order_by(*self.model._meta.ordering, "pk")
        )

    def export_rows(self, table) -> Iterable[list]:
        """Straight from the query (list_exports.py): the table only lends its columns and
        the order the request asks for."""
        queryset = table.data.data  # scoped, filtered and ordered like the page
        return list_exports.export_rows(queryset, list_exports.export_columns(table))

    def export_response(self, export_format: str, table):
        rows = self.export_rows(table)
        filename = self.get_export_filename(export_format)
        if export_format == "csv":
            return list_exports.csv_response(rows, filename)
        return list_exports.xlsx_response(rows, filename, self.export_name)

    def get_title(self) -> str:
        """A regional user's list covers its own region only: say which one."""
        region = self.request.user.region
        if region is None:
            return self.title
        return _("%(records)s in %(region)s") % {
            "records": capfirst(self.model._meta.verbose_name_plural),
            "region": region.name,
        }


class DecreeListView(EvidenceListView):
    model = Decree
    filterset_class = filtersets.DecreeFilterSet
    table_class = tables.DecreeTable
    export_name = "sk"
    title = _("SK decrees in all regions")
    intro = _(
        "Filter by year of expiry to find the SKs that must be renewed, "
        "or by a date to see which SKs are in force on it."
    )


class WorkPlanListView(EvidenceListView):
    model = WorkPlan
    filterset_class = filtersets.WorkPlanFilterSet
    table_class = tables.WorkPlanTable
    export_name = "rencana-kerja"
    title = _("Work plans in all regions")


class IndicatorDocumentListView(EvidenceListView):
    model = IndicatorDocument
    filterset_class = filtersets.IndicatorDocumentFilterSet
    table_class = tables.IndicatorDocumentTable
    export_name = "dokumen-indikator"
    title = _("Planning documents with indicators in all regions")


class BudgetAllocationListView(EvidenceListView):
    model = BudgetAllocation
    filterset_class = filtersets.BudgetAllocationFilterSet
    table_class = tables.BudgetAllocationTable
    export_name = "anggaran"
    title = _("Budgets in all regions")


class WorkPlanGapListView(ListPageMixin, FilterView):
    """Provinces and kab/kota in scope whose Pokja has no verified work plan for the year."""

    filterset_class = filtersets.WorkPlanGapFilterSet
    table_class = tables.WorkPlanGapTable
    export_name = "tanpa-rencana-kerja"
    intro = _(
        "Regions whose Pokja has no work plan of its own for the year, "
        "or one that is not yet verified. Only a verified plan counts."
    )

    def get_queryset(self):
        return (
            Region.objects.for_user(self.request.user)
            .filter(level__in=filtersets.POKJA_LEVELS)
            .select_related("parent")
            .order_by("code")
        )

    def get_title(self) -> str:
        return _("Regions without a verified work plan for %(year)s") % {
            "year": self.filterset.year
        }

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}-{self.filterset.year}.{export_format}"


class VerificationQueueView(ListPageMixin, TemplateView):
    """Everything in scope submitted and waiting for verification, of every verifiable kind
    registered by any app (Pokja evidence, achievements, ...), summed up and grouped by kind
    and kab/kota (pokja/queue.py); a verifier chooses rows and verifies them together
    (views/verification.py)."""

    table_class = tables.VerificationQueueTable
    body_template_name = "pokja/lists/partials/queue_body.html"
    export_name = "menunggu-verifikasi"
    title = _("Waiting for verification")

    def get(self, request, *args, **kwargs):
        self.filterset = filtersets.VerificationQueueFilterSet(
            request.GET or None, queryset=Decree.objects.none(), request=request
        )
        return super().get(request, *args, **kwargs)

    def get_table_data(self) -> QueueRows:
        # The page and an export both build the table: one data object, counted once.
        if not hasattr(self, "_rows"):
            self._rows = QueueRows(self._querysets(), self.request.user)
        return self._rows

    def get_table_kwargs(self) -> dict:
        sorted_by_time = bool(self.request.GET.get("sort"))
        return {
            "grouped": not sorted_by_time,
            # The chooser only for those who verify (a coordinator: its villages' records);
            # each row still asks the policy whether it may be chosen.
            "batch": not self.exporting() and policy.may_use_verification_queue(self.request.user),
        }

    def _querysets(self) -> list:
        """Each kind's scoped, filtered queryset of records awaiting verification."""
        if self.filterset.is_bound and not self.filterset.is_valid():
            return []
        querysets = []
        for entry in registry.queue.values():
            if not self.filterset.wants(entry.model._meta.model_name):
                continue
            if not policy.queue_shows_kind(self.request.user, entry.model):
                continue
            queryset = (
                entry.model.objects.for_user(self.request.user)
                .awaiting_verification()
                .select_related(*entry.select_related)
            )
            if self.filterset.is_bound:
                queryset = self.filterset.filter_queryset(queryset)
            querysets.append(queryset)
        return querysets

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter=self.filterset, **kwargs)
        if not self.exporting():
            context.update(
                summary=self.get_table_data().summary(),
                overdue_days=settings.REMINDER_VERIFICATION_DAYS,
            )
        return context


decree_list = DecreeListView.as_view()
workplan_list = WorkPlanListView.as_view()
indicatordocument_list = IndicatorDocumentListView.as_view()
budgetallocation_list = BudgetAllocationListView.as_view()
workplan_gap_list = WorkPlanGapListView.as_view()
verification_queue = VerificationQueueView.as_view()

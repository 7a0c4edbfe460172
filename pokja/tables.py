"""Tables of the cross-region lists (django-tables2): sortable, paginated and exportable.

Each column renders HTML for the page and a plain value for CSV/Excel (`value()`): amounts stay
numbers and dates stay dates in the export, so a spreadsheet can sum and sort them.
"""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pokja.models import BudgetAllocation, Decree, IndicatorDocument, Region, WorkPlan
from pokja.templatetags.portal import rupiah, status_badge

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}
EMPTY_TEXT = _("Nothing matches these filters.")
PHONE_HIDDEN = {"class": "phone-hidden"}  # a column a phone leaves out (static/css/portal.css)


class ExportDateColumn(tables.Column):
    """A date shown in the user's short format, exported as a real date. Formatted here, not
    by django-tables2's DateColumn, which compiles a template for every cell."""

    def render(self, value):
        return date_format(value, "SHORT_DATE_FORMAT")

    def value(self, value):
        return value


class LocalDateTimeColumn(tables.Column):
    """A moment in the user's time zone and short format (what DateTimeColumn shows, without
    a template compiled per cell)."""

    def render(self, value):
        return date_format(template_localtime(value), "SHORT_DATETIME_FORMAT")


class RupiahColumn(tables.Column):
    """`Rp 1.234.567` on the page; the whole number in an export."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "attrs", {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}
        )
        super().__init__(*args, **kwargs)

    def render(self, value):
        return rupiah(value)

    def value(self, value):
        return int(value)


class StatusColumn(tables.Column):
    """The same badge as on the Pokja page; its label in an export."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("Status"))
        kwargs.setdefault("accessor", "status")
        super().__init__(*args, **kwargs)

    def render(self, record):
        return status_badge(record)

    def value(self, record, **kwargs):
        return record.get_status_display()


class WorkingGroupColumn(tables.Column):
    """The bidang a record concerns; empty means the Pokja as a whole."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("Working group"))
        kwargs.setdefault("default", _("the Pokja"))
        kwargs.setdefault("order_by", ("working_group__kind", "working_group__name"))
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_html(
            '{} <small class="text-muted">({})</small>', value.name, value.get_kind_display()
        )

    def value(self, value):
        return f"{value.name} ({value.get_kind_display()})"


class EvidenceTable(tables.Table):
    """Columns every kind of evidence shares: where it belongs, and its status."""

    region_code = tables.Column(
        accessor="pokja__region__code", verbose_name=_("Code"), order_by=("pokja__region__code",)
    )
    region_name = tables.Column(accessor="pokja__region__name", verbose_name=_("Region"))
    working_group = WorkingGroupColumn()
    status = StatusColumn()

    class Meta:
        attrs = TABLE_ATTRS
        empty_text = EMPTY_TEXT
        template_name = "django_tables2/bootstrap5-responsive.html"


class DecreeTable(EvidenceTable):
    number = tables.Column(verbose_name=_("Decree number"), linkify=True)
    set_on = ExportDateColumn(verbose_name=_("Date set"))
    signer = tables.Column(verbose_name=_("Signed by"))
    valid_from = ExportDateColumn(verbose_name=_("Valid from"))
    valid_until = ExportDateColumn(verbose_name=_("Valid until"), default=_("until revoked"))
    revoked_on = ExportDateColumn(verbose_name=_("Revoked on"), default="")

    class Meta(EvidenceTable.Meta):
        model = Decree
        fields = ()
        sequence = (
            "region_code",
            "region_name",
            "number",
            "working_group",
            "signer",
            "set_on",
            "valid_from",
            "valid_until",
            "revoked_on",
            "status",
        )


class WorkPlanTable(EvidenceTable):
    year = tables.Column(verbose_name=_("Year"))
    title = tables.Column(verbose_name=_("Title"), linkify=True)
    approved_on = ExportDateColumn(verbose_name=_("Approval date"), default="")

    class Meta(EvidenceTable.Meta):
        model = WorkPlan
        fields = ()
        sequence = (
            "region_code",
            "region_name",
            "year",
            "title",
            "working_group",
            "approved_on",
            "status",
        )


class IndicatorDocumentTable(EvidenceTable):
    document_type = tables.Column(verbose_name=_("Document type"))
    title = tables.Column(verbose_name=_("Document"), linkify=True)
    year_start = tables.Column(verbose_name=_("First year"))
    year_end = tables.Column(verbose_name=_("Last year"))

    class Meta(EvidenceTable.Meta):
        model = IndicatorDocument
        fields = ()
        sequence = (
            "region_code",
            "region_name",
            "document_type",
            "title",
            "working_group",
            "year_start",
            "year_end",
            "status",
        )


class BudgetAllocationTable(EvidenceTable):
    year = tables.Column(verbose_name=_("Year"))
    source = tables.Column(verbose_name=_("Source"), linkify=True)
    amount = RupiahColumn(verbose_name=_("Amount (Rp)"))
    realised_amount = RupiahColumn(verbose_name=_("Realised (Rp)"), default="")
    is_operational = tables.BooleanColumn(verbose_name=_("Operational"))
    dpa_reference = tables.Column(verbose_name=_("DPA reference"), default="")

    class Meta(EvidenceTable.Meta):
        model = BudgetAllocation
        fields = ()
        sequence = (
            "region_code",
            "region_name",
            "year",
            "source",
            "working_group",
            "amount",
            "realised_amount",
            "is_operational",
            "dpa_reference",
            "status",
        )

    def value_is_operational(self, value):
        return str(_("yes") if value else _("no"))


class VerificationQueueTable(tables.Table):
    """Records of every kind waiting for verification; rows are plain dicts (pokja/queue.py),
    grouped by kind and kab/kota under a heading row (django_tables2/queue_table.html)."""

    # A row the user may verify can be chosen for a batch verification (views/verification.py).
    select = tables.Column(
        accessor="item",
        verbose_name=_("Choose"),
        orderable=False,
        exclude_from_export=True,
        attrs={"th": {"class": "queue-select"}, "td": {"class": "queue-select"}},
    )
    kind = tables.Column(verbose_name=_("Kind of record"), orderable=False)
    # On a phone the code gives way (static/css/portal.css), so "Record" is seen unscrolled.
    region_code = tables.Column(
        verbose_name=_("Code"), orderable=False, attrs={"th": PHONE_HIDDEN, "td": PHONE_HIDDEN}
    )
    region_name = tables.Column(verbose_name=_("Region"), orderable=False)
    record = tables.Column(verbose_name=_("Record"), orderable=False)
    # Ordered by the time of the last change: the longest waiting first, or with `-` the newest.
    waiting_days = tables.Column(verbose_name=_("Waiting"), order_by=("updated_at",))
    working_group = tables.Column(
        verbose_name=_("Working group"), default="", orderable=False, visible=False
    )
    updated_at = LocalDateTimeColumn(verbose_name=_("Last changed"), visible=False)

    class Meta:
        attrs = TABLE_ATTRS
        empty_text = _("Nothing is waiting for verification.")
        template_name = "django_tables2/queue_table.html"

    def __init__(self, *args, grouped: bool = True, batch: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.grouped = grouped
        self.batch = batch
        if grouped:  # the group's heading names the kind
            self.columns.hide("kind")
        if not batch:
            self.columns.hide("select")

    def render_select(self, value, record):
        if not record["may_verify"]:
            return ""
        group = record["group"]
        return format_html(
            '<input class="form-check-input" type="checkbox" name="item" value="{}"'
            ' form="batch-verify" data-check-group="{}" aria-label="{}">',
            value,
            f"{group.kind_index}-{group.code}" if group else "all",
            _("Choose %(record)s") % {"record": record["record"]},
        )

    def render_record(self, value, record):
        link = format_html('<a href="{}">{}</a>', record["url"], value)
        if record["working_group"]:
            return format_html(
                '{}<br><small class="text-body-secondary">{}</small>', link, record["working_group"]
            )
        return link

    def render_waiting_days(self, value, record):
        if value == 0:
            waited = _("since today")
        else:
            waited = ngettext("%(days)s day", "%(days)s days", value) % {"days": value}
        late = (
            format_html(' <span class="badge text-bg-danger">{}</span>', _("overdue"))
            if record["overdue"]
            else ""
        )
        changed = date_format(template_localtime(record["updated_at"]), "SHORT_DATE_FORMAT")
        return format_html(
            '<span class="text-nowrap">{}</span>{}'
            '<br><small class="text-body-secondary">{}</small>',
            waited,
            late,
            changed,
        )

    def value_waiting_days(self, value):
        return value  # a number of days a spreadsheet can sort and sum

    def value_updated_at(self, value):
        # Excel cannot store a time zone: export the local wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None)


class WorkPlanGapTable(tables.Table):
    """Regions whose Pokja has no verified work plan for the year."""

    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Region"))
    province = tables.Column(
        accessor="parent__name", verbose_name=_("Province"), default="", orderable=False
    )
    level = tables.Column(verbose_name=_("Level"))
    has_pokja = tables.Column(verbose_name=_("Pokja"))
    plan_status = tables.Column(verbose_name=_("Situation"), default=_("No work plan"))

    class Meta:
        model = Region
        fields = ()
        sequence = ("code", "name", "province", "level", "has_pokja", "plan_status")
        attrs = TABLE_ATTRS
        empty_text = _("Every region in this list has a verified work plan for the year.")
        template_name = "django_tables2/bootstrap5-responsive.html"

    def render_has_pokja(self, value, record):
        url = reverse("pokja:pokja_detail", kwargs={"code": record.code})
        label = _("recorded") if value else _("not recorded")
        return format_html('<a href="{}">{}</a>', url, label)

    def value_has_pokja(self, value):
        return str(_("recorded") if value else _("not recorded"))

    def _situation(self, value) -> str:
        status = WorkPlan.Status(value).label
        return str(_("Work plan not yet verified (%(status)s)") % {"status": status})

    def render_plan_status(self, value, record):
        url = reverse("pokja:workplan_detail", kwargs={"pk": record.plan_pk})
        return format_html('<a href="{}">{}</a>', url, self._situation(value))

    def value_plan_status(self, value):
        return self._situation(value)

"""Recomputing effectiveness for many regions at once, in a fixed number of queries.

One statement names the regions and years whose stored assessment was judged on other inputs
(inputs.py); only those are judged again, in batches of BATCH_SIZE: their evidence is loaded
with one query per kind (facts.py), judged in memory (rules.py) and upserted. A run that
changes nothing reads no evidence and writes no row, and a region's row is rewritten only when
something it was judged on changed. A lock held by the live process (kernel/locks.py) makes sure two
overlapping runs never both write, and one region's odd data is logged in the run instead of
aborting the others.
"""

from __future__ import annotations

import gc
import json
import logging
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from pokja.effectiveness import rules
from pokja.effectiveness.facts import load_facts, load_groups
from pokja.effectiveness.inputs import stale_rows
from pokja.effectiveness.runs import fail_abandoned_runs
from pokja.kernel import bulkcopy
from pokja.kernel.locks import ProcessLock
from pokja.kernel.scoping import region_scope_q
from pokja.models import (
    Assessment,
    AssessmentChange,
    AssessmentRun,
    Region,
)

logger = logging.getLogger(__name__)

LOCK_NAME = "effectiveness"
JUDGED_LEVELS = (Region.Level.PROVINSI, *Region.KABUPATEN_KOTA_LEVELS)
# Regions and years judged per batch: the engine holds one batch's evidence and results at a
# time, so its memory does not grow with the number of regions (the query count grows by one
# batch per 1,000 judged again).
BATCH_SIZE = 1000
STORED_CRITERIA = (*(f"{c}_met" for c in rules.CRITERIA), "score", "is_effective")
# Every field a run writes.
WRITTEN = (*STORED_CRITERIA, "has_pokja", "evidence", "reasons", "groups", "assessed_on")
WRITTEN += ("inputs", "steady_from", "steady_until", "computed_at", "changed_at", "run")


def run_levels() -> tuple[str, ...]:
    """The levels a run judges: province and kab/kota, plus any the settings add (the bench
    adds kecamatan to measure the engine at that scale)."""
    return (*JUDGED_LEVELS, *getattr(settings, "EFFECTIVENESS_EXTRA_LEVELS", ()))


class EngineBusy(Exception):
    """Another run holds the lock."""


def _scoped(queryset, field: str, scope_code: str | None):
    return queryset.filter(region_scope_q(field, scope_code)) if scope_code else queryset


# --- The run --------------------------------------------------------------------------------


def recompute(
    *,
    years: list[int],
    scope_code: str | None = None,
    trigger: str = AssessmentRun.Trigger.COMMAND,
    requested_by=None,
    run: AssessmentRun | None = None,
    today: date | None = None,
) -> AssessmentRun:
    """Recompute every region in scope (all, a province, or one region) for the given years.

    `run` is the run a worker was given (queued by the button or the nightly schedule); without
    it the run is recorded here. The lock is held by the live process only (kernel/locks.py): a
    killed worker frees it at once, and the run it left behind is marked failed by the next one."""
    today = today or timezone.localdate()
    if run is None:
        run = AssessmentRun(
            trigger=trigger, scope_code=scope_code or "", years=years, requested_by=requested_by
        )
    lock = ProcessLock(LOCK_NAME)
    if not lock.acquire():
        run.status = AssessmentRun.Status.SKIPPED
        run.finished_at = timezone.now()
        run.save()
        raise EngineBusy
    try:
        _commit_without_waiting(True)
        run.status = AssessmentRun.Status.RUNNING
        run.started_at = timezone.now()
        _mark_running(run)
        fail_abandoned_runs(exclude_pk=run.pk)
        with transaction.atomic():
            _compute_and_store(run, years, scope_code or None, today)
        run.status = AssessmentRun.Status.DONE
    except Exception as exc:
        logger.exception("Effectiveness run %s failed", run.pk)
        run.status = AssessmentRun.Status.FAILED
        run.errors = [*run.errors, {"region": "", "error": repr(exc)}]
        raise
    finally:
        run.finished_at = timezone.now()
        # Saving the run (a post_save signal) also makes every cached page part obsolete: the
        # engine's bulk writes above send no signals of their own.
        if run.pk is not None:
            run.save()
        _commit_without_waiting(False)
        lock.release()
    return run


def _mark_running(run: AssessmentRun) -> None:
    """Store the run as running without the post_save signal that bumps the page cache: the
    run's closing save bumps it once the assessments are committed, and a bump here as well
    cost a second cache write a run (a nightly run's whole work is a few milliseconds). What a
    page kept meanwhile shows of the run is still true enough: a queued run is shown queued,
    and the province page polls its status while it is queued or running
    (static/js/run_status.js); before a run started by a command (no queued row), the page
    shows the previous run until this one ends."""
    if run.pk is None:
        AssessmentRun.objects.bulk_create([run])  # no signals, the pk filled in
    else:
        AssessmentRun.objects.filter(pk=run.pk).update(status=run.status, started_at=run.started_at)


def _commit_without_waiting(on: bool) -> None:
    """While on, a commit of this connection returns before its WAL reaches the disk.

    What a run writes (its run row, the assessments) is derived from the evidence: a server
    crash in the fraction of a second after a commit loses at most that commit, never
    consistency, and the next run judges again what it lost (its digests no longer match) and
    marks a run left "running" failed. Waiting for the disk at each of a run's commits cost
    more than the whole work of a night that finds nothing changed (about 8 ms a commit on a
    busy machine, against 8 ms for the floor's statement). Set for the run's session and reset
    after it, so the connection's other work (a worker's next task) waits as usual."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET synchronous_commit TO {'OFF' if on else 'DEFAULT'}")


def log_run_summary(run: AssessmentRun) -> None:
    """One line an operator (or a log collector) can follow night by night: regions assessed,
    how many are effective per year, how many judgements changed, and the time taken."""
    effective = dict(
        Assessment.objects.filter(year__in=run.years, is_effective=True)
        .values_list("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    effective = {str(year): effective.get(year, 0) for year in sorted(run.years)}
    seconds = (
        round((run.finished_at - run.started_at).total_seconds(), 1)
        if run.started_at and run.finished_at
        else None
    )
    logger.info(
        "Effectiveness run %s (%s) %s: %s regions assessed, effective %s, %s changed, %s s",
        run.pk,
        run.trigger,
        run.status,
        run.region_count,
        effective,
        run.change_count,
        seconds,
        extra={
            "run_id": run.pk,
            "trigger": run.trigger,
            "status": run.status,
            "regions_assessed": run.region_count,
            "effective": effective,
            "changed": run.change_count,
            "errors": len(run.errors),
            "seconds": seconds,
        },
    )


def _compute_and_store(run: AssessmentRun, years: list[int], scope_code, today: date) -> None:
    # The cyclic garbage collector is paused while the batches are judged: the run allocates
    # hundreds of thousands of small objects, each allocation burst made Python walk the whole
    # heap of the process (Django and the portal included) again, and that was a fifth of a
    # first run down to kecamatan. What the run leaves is freed by reference counting; a
    # collection after it finds any cycle.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        _compute_batches(run, years, scope_code, today)
    finally:
        if was_enabled:
            gc.enable()


def _compute_batches(run: AssessmentRun, years: list[int], scope_code, today: date) -> None:
    stale = stale_rows(run_levels(), years, today, scope_code)
    now = timezone.now()
    changes, errors = 0, []
    for start in range(0, len(stale), BATCH_SIZE):
        changes += _store_batch(stale[start : start + BATCH_SIZE], years, today, now, run, errors)
    run.region_count = _scoped(
        Region.objects.filter(level__in=run_levels()), "code", scope_code
    ).count()
    run.change_count = changes
    run.errors = errors


def _store_batch(stale, years, today, now, run, errors) -> int:
    """Judge again the regions and years of one batch of stale rows (in code order), and write
    them."""
    pokja_ids = {row.pokja_id for row in stale}
    # A night after a day of edits judges a few regions: their evidence and stored rows are read
    # by id. A first run or a new rule judges most: read by code range, as an IN list of a
    # thousand ids costs more to build than the query takes.
    if len(pokja_ids) * 4 < BATCH_SIZE:
        evidence_filter = {"pokja_id__in": sorted(pk for pk in pokja_ids if pk)}
        stored_filter = {"region_id__in": sorted({row.code for row in stale})}
    else:
        in_range = {"gte": stale[0].code, "lte": stale[-1].code}
        evidence_filter = {f"pokja__region_id__{bound}": code for bound, code in in_range.items()}
        stored_filter = {f"region_id__{bound}": code for bound, code in in_range.items()}
    facts = load_facts(evidence_filter, years)
    groups = load_groups(evidence_filter)
    stored = {
        (code, year): rest
        for code, year, *rest in Assessment.objects.filter(
            year__in=years, **stored_filter
        ).values_list("region_id", "year", "changed_at", *STORED_CRITERIA)
    }
    judged = _Judged(
        stale,
        facts,
        groups,
        stored,
        _Judge(today, as_json=connection.vendor == "postgresql"),
        {year: rules.assessment_date(year, today) for year in years},
        now,
        run.pk,
        errors,
    )
    _write(judged)
    return len(judged.changes)


class _Judged:
    """The stale rows of a batch judged as they are read: iterating gives the assessment rows
    of a region and year without one yet (`new`), while those replacing a stored one gather in
    `known` and the change rows in `changes` (ASSESSMENT_ROW and CHANGE_ROW tuples). On
    PostgreSQL the new rows are read by COPY itself, so the database stores one part of them
    while Python judges the next (kampungkb/services/classify.py does the same)."""

    def __init__(self, stale, facts, groups, stored, judge, assessed_on, now, run_id, errors):
        self.stale, self.facts, self.groups, self.stored = stale, facts, groups, stored
        self.judge, self.assessed_on, self.now, self.run_id = judge, assessed_on, now, run_id
        self.errors = errors
        self.known: list[tuple] = []
        self.changes: list[tuple] = []

    def __iter__(self):
        facts, groups, stored, content_of = self.facts, self.groups, self.stored, self.judge.content
        now, run_id, assessed_on = self.now, self.run_id, self.assessed_on
        for row in self.stale:
            pokja_facts = facts.get(row.pokja_id, rules.PokjaFacts()) if row.pokja_id else None
            try:
                content = content_of(pokja_facts, groups.get(row.pokja_id, []), row.year)
            except Exception as exc:  # one region's odd data must not abort the others
                logger.exception("Assessing %s for %s failed", row.code, row.year)
                self.errors.append({"region": row.code, "year": row.year, "error": repr(exc)})
                continue
            previous = stored.get((row.code, row.year))
            change = _change(previous and previous[1:], content)
            if change is not None:
                self.changes.append((row.code, row.year, run_id, *change, now))
            changed_at = now if change is not None else previous[0]  # a label or a reason
            # changed, not a criterion: the row keeps its change mark
            day = assessed_on[row.year]
            steady = rules.sk_states_steady(pokja_facts.decrees if pokja_facts else [], day)
            values = (row.code, row.year, day, row.inputs, *steady, now, changed_at, run_id)
            values += content
            if previous is None:
                yield values
            else:
                self.known.append(values)


# The columns of an assessment row and of a change row as _store_batch builds them: tuples, not
# model instances (a first run down to kecamatan writes some 15,500 of each).
CONTENT = (*STORED_CRITERIA, "has_pokja", "evidence", "reasons", "groups")
ASSESSMENT_ROW = ("region", "year", "assessed_on", "inputs", "steady_from", "steady_until")
ASSESSMENT_ROW += ("computed_at", "changed_at", "run")
ASSESSMENT_ROW += CONTENT
CHANGE_ROW = ("region", "year", "run", "old_score", "new_score", "was_effective")
CHANGE_ROW += ("is_effective", "criteria", "created_at")


def _write(judged: _Judged) -> None:
    """Judge the batch's stale rows and write their assessments (new ones, then those replacing
    a stored one) and changes: through COPY on PostgreSQL (a first run down to kecamatan writes
    some 15,500 of each, and bulk_create spent two thirds of that run preparing them,
    kernel/bulkcopy.py), bulk_create elsewhere."""
    if connection.vendor == "postgresql":
        # Rows the batch did not have yet go straight into the table as they are judged (most
        # of a first run); only those it had go through the staging table's INSERT ... ON
        # CONFLICT, once all are judged. The lock keeps any other run from adding a row
        # meanwhile.
        bulkcopy.copy_insert_rows(Assessment, ASSESSMENT_ROW, judged)
        bulkcopy.copy_upsert_rows(
            Assessment,
            ASSESSMENT_ROW,
            judged.known,
            unique_fields=["region", "year"],
            update_fields=WRITTEN,
        )
        bulkcopy.copy_insert_rows(AssessmentChange, CHANGE_ROW, judged.changes)
        return
    new = list(judged)
    ids = [f"{name}_id" if name in ("region", "run") else name for name in ASSESSMENT_ROW]
    Assessment.objects.bulk_create(
        [Assessment(**dict(zip(ids, row, strict=True))) for row in new + judged.known],
        update_conflicts=True,
        unique_fields=["region", "year"],
        update_fields=WRITTEN,
    )
    ids = [f"{name}_id" if name in ("region", "run") else name for name in CHANGE_ROW]
    AssessmentChange.objects.bulk_create(
        [AssessmentChange(**dict(zip(ids, row, strict=True))) for row in judged.changes]
    )


class _Judge:
    """The rules applied to one region and year, giving the values an Assessment stores (in
    CONTENT order).

    A working group without any evidence of its own gets the same breakdown as every other such
    group of that year: it is judged once per year and reused. With `as_json` (COPY on
    PostgreSQL) the groups come as JSON text, and that shared breakdown is encoded once a year
    too: three groups in four have no evidence of their own, and encoding them was a tenth of a
    first run down to kecamatan.
    """

    def __init__(self, today: date, *, as_json: bool = False):
        self.today = today
        self.as_json = as_json
        self._encode = (Assessment._meta.get_field("groups").encoder or json.JSONEncoder)().encode
        self._empty_group: dict[int, dict] = {}
        self._empty_text: dict[int, str] = {}
        self._split_for = None
        self._split: dict[int, rules.PokjaFacts] = {}

    def content(self, facts: rules.PokjaFacts | None, groups: list[dict], year: int) -> tuple:
        judgement = rules.judge(facts, year, self.today)
        results = judgement.results
        return (
            results["sk"].met,
            results["plan"].met,
            results["indicator"].met,
            results["budget"].met,
            judgement.score,
            judgement.is_effective,
            facts is not None,
            {c: r.evidence for c, r in results.items() if r.evidence},
            {c: r.reason for c, r in results.items() if r.reason},
            self._groups(facts, groups, year),
        )

    def _groups(self, facts: rules.PokjaFacts, groups: list[dict], year: int):
        if not groups:
            return bulkcopy.Json("[]") if self.as_json else []
        if self._split_for is not facts:  # split each Pokja's facts once, not per group and year
            self._split_for, self._split = facts, rules.group_facts(facts)
        if not self.as_json:
            return [{**group, **self._group(group["pk"], year)} for group in groups]
        # Each group's object is its own keys followed by its breakdown's: two objects without
        # a key in common, joined as text.
        return bulkcopy.Json(
            "["
            + ", ".join(
                f"{self._encode(group)[:-1]}, {self._group_text(group['pk'], year)}"
                for group in groups
            )
            + "]"
        )

    def _group(self, group_id: int, year: int) -> dict:
        own = self._split.get(group_id)
        if own is None:
            if year not in self._empty_group:
                self._empty_group[year] = self._breakdown(rules.PokjaFacts(), year)
            return self._empty_group[year]
        return self._breakdown(own, year)

    def _group_text(self, group_id: int, year: int) -> str:
        """The group's breakdown as JSON without its opening brace."""
        if group_id in self._split:
            return self._encode(self._group(group_id, year))[1:]
        if year not in self._empty_text:
            self._empty_text[year] = self._encode(self._group(group_id, year))[1:]
        return self._empty_text[year]

    def _breakdown(self, facts: rules.PokjaFacts, year: int) -> dict:
        judgement = rules.judge(facts, year, self.today)
        return {
            "score": judgement.score,
            "met": {c: r.met for c, r in judgement.results.items()},
            "reasons": {c: r.reason for c, r in judgement.results.items() if r.reason},
        }


def _change(previous: tuple | None, content: tuple) -> tuple | None:
    """What differs from the stored result, as the values of a change row from old_score to
    criteria (CHANGE_ROW); None when nothing that matters changed.

    `previous` holds the stored criteria, score and effectiveness (STORED_CRITERIA order), as
    `content` begins.
    """
    criteria = {
        c: [previous[n] if previous else None, content[n]]
        for n, c in enumerate(rules.CRITERIA)
        if previous is None or previous[n] != content[n]
    }
    if previous is not None and not criteria:
        return None
    score, is_effective = content[4], content[5]
    if previous is None:
        return (None, score, None, is_effective, criteria)
    return (previous[4], score, previous[5], is_effective, criteria)

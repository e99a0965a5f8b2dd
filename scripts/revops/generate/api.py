"""Public API of the generator: `generate(GenerateOptions(...))` writes every raw CSV and `_truth/`."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from revops.generate.context import DAY, Ctx, day_number
from revops.generate.dirty import FAULTED_TABLES, FaultPlan, WindowFaults, carry_faults, plan_faults, write_faulted
from revops.generate.finance import build_accounting, customers_in_window
from revops.generate.plan import build_quotas
from revops.generate.funnel import (
    DISPOSITIONS, LEAD_SOURCES, LEAD_STATUSES, build_activities, build_campaigns, build_leads, build_touches,
)
from revops.generate.memory import reused_memory
from revops.generate.pools import build_pools
from revops.generate.product import build_entitlements, build_license_events, build_tickets
from revops.generate.reference import load_reference, project_window
from revops.generate.revenue import BUNDLES, FREQUENCIES, OPP_SOURCES, OPP_TYPES, ORDER_TYPES, STATUSES, simulate
from revops.generate.sales import build_opportunities, build_pocs, build_quotes, stage_history
from revops.generate.world import build_accounts, build_contacts, build_reps
from revops.generate.writer import Table, Writer

ID = {
    "account": ("id", "ACC-", 7), "contact": ("id", "CON-", 8), "rep": ("id", "REP-", 5),
    "lead": ("id", "LEAD-", 9), "opp": ("id", "OPP-", 8), "history": ("id", "OSH-", 9),
    "activity": ("id", "ACT-", 9), "order": ("id", "ORD-", 7), "campaign": ("id", "CMP-", 5),
    "touch": ("id", "TCH-", 9), "quota": ("id", "QTA-", 6), "entitlement": ("id", "ENT-", 7),
    "event": ("id", "LE-", 10), "seat": ("id", "SEAT-", 9), "poc": ("id", "POC-", 7),
    "quote": ("id", "Q-", 8), "ticket": ("id", "TKT-", 7), "transaction": ("id", "TXN-", 9),
}
S, D, T, M, I, D1 = ("str",), ("date",), ("ts",), ("money",), ("int",), ("dec1",)

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "accounting_data": ("TRANSACTION_ID", "CUSTOMER_ID", "CUSTOMER_NAME", "TRANSACTION_DATE", "ACCOUNT_TYPE",
                        "AMOUNT", "INDUSTRY", "CUSTOMER_TYPE"),
    "leads": ("LEAD_ID", "CUSTOMER_ID", "LEAD_SOURCE", "CREATED_DATE", "MQL_DATE", "SQL_DATE", "DISPOSITION_CODE",
              "OWNER_REP_ID", "CAMPAIGN_ID", "POSTAL_CODE", "LEAD_SCORE", "LEAD_STATUS"),
    "opportunities": ("OPP_ID", "CUSTOMER_ID", "CUSTOMER_NAME", "CONTACT_ID", "CONTACT_NAME", "STATUS", "LEAD_SOURCE",
                      "CUSTOMER_TYPE", "OPPORTUNITY_TYPE", "STAGE", "PROBABILITY", "FORECAST_CATEGORY",
                      "PRODUCT_BUNDLE_CODE", "AMOUNT", "CREATED_DATE", "CLOSE_DATE", "OWNER_REP_ID", "LOSS_REASON",
                      "COMPETITOR"),
    "poc_tracker": ("POC_ID", "OPP_ID", "CUSTOMER_ID", "START_DATE", "END_DATE", "DURATION_DAYS", "SUCCESS_FLAG",
                    "PRIMARY_BLOCKER"),
    "quotes": ("QUOTE_ID", "OPP_ID", "CUSTOMER_ID", "QUOTE_DATE", "PRODUCT_BUNDLE_CODE", "QUANTITY", "LIST_PRICE",
               "DISCOUNT_PCT", "TERM_MONTHS", "QUOTE_VERSION"),
    "support_tickets": ("TICKET_ID", "CUSTOMER_ID", "SUBJECT", "DESCRIPTION", "STATUS", "PRIORITY", "CATEGORY",
                        "CREATED_DATE", "UPDATED_DATE", "ASSIGNEE_NAME"),
    "accounts": ("account_id", "account_name", "parent_account_id", "industry", "customer_type", "employee_count",
                 "annual_revenue_band", "postal_code", "region", "country", "status", "owner_rep_id", "created_at"),
    "contacts": ("contact_id", "account_id", "first_name", "last_name", "email", "phone", "title", "persona", "region",
                 "created_at"),
    "reps": ("rep_id", "full_name", "email", "role", "manager_rep_id", "territory_id", "region", "hire_date",
             "termination_date"),
    "opportunity_stage_history": ("history_id", "opp_id", "stage", "entered_at", "amount", "probability",
                                  "expected_close_date", "changed_by_rep_id"),
    "activities": ("activity_id", "activity_type", "rep_id", "account_id", "contact_id", "opp_id", "lead_id",
                   "activity_at", "outcome", "duration_minutes"),
    "billing_orders": ("order_id", "account_id", "opp_id", "order_type", "product_bundle_code", "quantity", "start_date",
                       "end_date", "term_months", "billing_frequency", "arr", "total_contract_value", "invoice_date"),
    "campaigns": ("campaign_id", "campaign_name", "channel", "start_date", "end_date", "budget"),
    "marketing_touches": ("touch_id", "campaign_id", "lead_id", "contact_id", "touch_type", "touched_at"),
    "quotas": ("quota_id", "rep_id", "region", "customer_type", "sales_motion", "fiscal_quarter_start", "quota_amount"),
    "seat_entitlements": ("entitlement_id", "account_id", "product_family", "entitled_seats", "start_date", "end_date"),
    "license_events": ("event_id", "account_id", "product_family", "seat_id", "event_type", "event_at"),
}
PRIMARY_KEYS = {name: cols[0] for name, cols in TABLE_COLUMNS.items()}


@dataclass(frozen=True)
class GenerateOptions:
    out: Path = Path("data/raw")
    scale: float = 1.0
    seed: int = 42
    start: date | None = None  # None: window_start_date of dbt_project.yml
    end: date | None = None  # None: as_of_date of dbt_project.yml
    dirty_rate: float = 0.0
    seeds_dir: Path = Path("seeds")
    project_file: Path = Path("dbt_project.yml")
    as_of: date | None = None  # export the world as on this day of the window (as_of.py)


def with_window(options: GenerateOptions) -> GenerateOptions:
    """The options with the window completed from dbt_project.yml (the one home of the window)."""
    if options.start is not None and options.end is not None:
        return options
    start, end = project_window(Path(options.project_file))
    return replace(options, start=options.start or start, end=options.end or end)


def validate(options: GenerateOptions) -> None:
    options = with_window(options)
    assert options.start is not None and options.end is not None
    if not options.scale > 0:
        raise ValueError(f"scale must be > 0, got {options.scale}")
    if not 0.0 <= options.dirty_rate <= 0.5:
        raise ValueError(f"dirty_rate must be within [0, 0.5], got {options.dirty_rate}")
    if options.end <= options.start:
        raise ValueError(f"end ({options.end}) must be after start ({options.start})")
    if (options.end - options.start).days < 120:
        raise ValueError(f"the window {options.start}..{options.end} is too short (at least 120 days)")
    if options.as_of is not None and not options.start <= options.as_of <= options.end:
        raise ValueError(f"as_of ({options.as_of}) must be within the window {options.start}..{options.end}")


def _cat(values: np.ndarray, labels: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical.from_codes(np.asarray(values, dtype="int64"), labels)


def build_tables(ctx: Ctx, timings: dict[str, float] | None = None) -> tuple[list[Table], pd.DataFrame]:
    """Generate the whole world; returns the 17 tables (in TABLE_COLUMNS order) and the lead links."""
    ref = ctx.ref
    pools = build_pools(ctx.seed)
    reps = build_reps(ctx, pools)
    accounts = build_accounts(ctx, pools, reps)
    contacts = build_contacts(ctx, pools, accounts)
    book = simulate(ctx, accounts, reps)
    opps, steps, sec = build_opportunities(ctx, book, accounts, contacts, reps)
    price = np.array([ref.bundle_price[b] for b in BUNDLES])
    quotes = build_quotes(ctx, opps, steps, sec, price)
    pocs = build_pocs(ctx, opps, steps, sec)
    history = stage_history(ctx, opps, steps, sec)
    campaigns = build_campaigns(ctx)
    leads, links = build_leads(ctx, accounts, reps, opps, campaigns)
    customers = customers_in_window(ctx, book)
    touches = build_touches(ctx, leads, contacts, campaigns, customers, accounts)
    activities = build_activities(ctx, leads, opps, contacts, accounts, reps)
    accounting = build_accounting(ctx, book, accounts)
    quotas = build_quotas(ctx, book.orders, accounts, reps)
    entitlements = build_entitlements(ctx, book)
    events = build_license_events(ctx, book, accounts)
    tickets = build_tickets(ctx, book, accounts, pools)

    af = accounts.frame
    stages = ref.stages
    stage_prob = np.array([ref.stage_probability[s] for s in stages])
    forecasts = tuple(sorted(set(ref.stage_forecast.values())))
    stage_fc = np.array([forecasts.index(ref.stage_forecast[s]) for s in stages])
    o_acc = opps["acc"].to_numpy()
    contact_name = (contacts["first_name"] + " " + contacts["last_name"]).to_numpy()
    opp_frame = pd.DataFrame({
        "opp": np.arange(len(opps)), "acc": o_acc, "customer_name": af["account_name"].to_numpy()[o_acc],
        "contact": opps["contact"].to_numpy(), "contact_name": contact_name[opps["contact"].to_numpy()],
        "status": _cat(opps["status"], STATUSES), "source": _cat(opps["source"], OPP_SOURCES),
        "customer_type": af["customer_type"].to_numpy()[o_acc], "type": _cat(opps["type"], OPP_TYPES),
        "stage": _cat(opps["stage"], stages), "probability": stage_prob[opps["stage"].to_numpy()],
        "forecast": _cat(stage_fc[opps["stage"].to_numpy()], forecasts),
        "bundle": _cat(opps["bundle"], BUNDLES), "amount": opps["amount"].to_numpy(),
        "created": opps["created"].to_numpy(), "close": opps["close"].to_numpy(), "owner": opps["owner"].to_numpy(),
        "loss_reason": opps["loss_reason"].to_numpy(), "competitor": opps["competitor"].to_numpy(),
    })
    # accounts: status as of as_of and a created_at no later than their first record
    o = book.orders
    o_end = np.where(o["end"].to_numpy() < 0, 10**7, o["end"].to_numpy())
    active = np.zeros(accounts.n, dtype=bool)
    active[o["acc"].to_numpy()[(o["start"].to_numpy() <= ctx.d1) & (o_end > ctx.d1)]] = True
    ever = np.zeros(accounts.n, dtype=bool)
    ever[o["acc"].to_numpy()[o["start"].to_numpy() <= ctx.d1]] = True
    acc_status = np.where(active, 1, np.where(ever, 2, 0))
    first_seen = af["created_day"].to_numpy().copy()
    for days, accs in ((leads["created"].to_numpy(), leads["acc"].to_numpy()),
                       (opps["created"].to_numpy(), o_acc), (o["start"].to_numpy(), o["acc"].to_numpy())):
        np.minimum.at(first_seen, accs, days)
    rng_acc = ctx.rng("accounts_created")
    acc_created = (first_seen - rng_acc.integers(0, 20, accounts.n)) * DAY + rng_acc.integers(8 * 3600, 18 * 3600, accounts.n)
    contacts_created = np.maximum(contacts["created_at"].to_numpy(), acc_created[contacts["acc"].to_numpy()] + 600)
    rf = reps.frame
    hist_rows = np.lexsort((history["step"].to_numpy(), history["opp"].to_numpy()))
    history = history.iloc[hist_rows].reset_index(drop=True)

    fams = tuple(entitlements["family"].cat.categories)
    tables = [
        Table("accounting_data", accounting, [
            ("TRANSACTION_ID", ID["transaction"], "transaction_n"), ("CUSTOMER_ID", ID["account"], "acc"),
            ("CUSTOMER_NAME", S, "customer_name"), ("TRANSACTION_DATE", D, "transaction_date"),
            ("ACCOUNT_TYPE", S, "account_type"), ("AMOUNT", M, "amount"), ("INDUSTRY", S, "industry"),
            ("CUSTOMER_TYPE", S, "customer_type")]),
        Table("leads", leads.assign(source_s=_cat(leads["source"], LEAD_SOURCES), disp_s=_cat(leads["disp"], DISPOSITIONS),
                                    status_s=_cat(leads["status"], LEAD_STATUSES)), [
            ("LEAD_ID", ID["lead"], "lead_n"), ("CUSTOMER_ID", ID["account"], "acc"), ("LEAD_SOURCE", S, "source_s"),
            ("CREATED_DATE", D, "created"), ("MQL_DATE", D, "mql"), ("SQL_DATE", D, "sql"),
            ("DISPOSITION_CODE", S, "disp_s"), ("OWNER_REP_ID", ID["rep"], "owner"),
            ("CAMPAIGN_ID", ID["campaign"], "campaign"), ("POSTAL_CODE", S, "postal_code"), ("LEAD_SCORE", I, "score"),
            ("LEAD_STATUS", S, "status_s")]),
        Table("opportunities", opp_frame, [
            ("OPP_ID", ID["opp"], "opp"), ("CUSTOMER_ID", ID["account"], "acc"), ("CUSTOMER_NAME", S, "customer_name"),
            ("CONTACT_ID", ID["contact"], "contact"), ("CONTACT_NAME", S, "contact_name"), ("STATUS", S, "status"),
            ("LEAD_SOURCE", S, "source"), ("CUSTOMER_TYPE", S, "customer_type"), ("OPPORTUNITY_TYPE", S, "type"),
            ("STAGE", S, "stage"), ("PROBABILITY", I, "probability"), ("FORECAST_CATEGORY", S, "forecast"),
            ("PRODUCT_BUNDLE_CODE", S, "bundle"), ("AMOUNT", M, "amount"), ("CREATED_DATE", D, "created"),
            ("CLOSE_DATE", D, "close"), ("OWNER_REP_ID", ID["rep"], "owner"), ("LOSS_REASON", S, "loss_reason"),
            ("COMPETITOR", S, "competitor")]),
        Table("poc_tracker", pocs.assign(poc_n=np.arange(len(pocs))), [
            ("POC_ID", ID["poc"], "poc_n"), ("OPP_ID", ID["opp"], "opp"), ("CUSTOMER_ID", ID["account"], "acc"),
            ("START_DATE", D, "start"), ("END_DATE", D, "end"), ("DURATION_DAYS", I, "duration"),
            ("SUCCESS_FLAG", I, "success"), ("PRIMARY_BLOCKER", S, "blocker")]),
        Table("quotes", quotes.assign(quote_n=np.arange(len(quotes)), bundle_s=_cat(quotes["bundle"], BUNDLES)), [
            ("QUOTE_ID", ID["quote"], "quote_n"), ("OPP_ID", ID["opp"], "opp"), ("CUSTOMER_ID", ID["account"], "acc"),
            ("QUOTE_DATE", D, "quote_day"), ("PRODUCT_BUNDLE_CODE", S, "bundle_s"), ("QUANTITY", I, "quantity"),
            ("LIST_PRICE", M, "list_price"), ("DISCOUNT_PCT", D1, "discount"), ("TERM_MONTHS", I, "term"),
            ("QUOTE_VERSION", I, "version")]),
        Table("support_tickets", tickets, [
            ("TICKET_ID", ID["ticket"], "ticket_n"), ("CUSTOMER_ID", ID["account"], "acc"), ("SUBJECT", S, "subject"),
            ("DESCRIPTION", S, "description"), ("STATUS", S, "status"), ("PRIORITY", S, "priority"),
            ("CATEGORY", S, "category"), ("CREATED_DATE", D, "created"), ("UPDATED_DATE", D, "updated"),
            ("ASSIGNEE_NAME", S, "assignee")]),
        Table("accounts", af.assign(status_s=_cat(acc_status, ("prospect", "customer", "churned")), created_at=acc_created), [
            ("account_id", ID["account"], "acc_n"), ("account_name", S, "account_name"),
            ("parent_account_id", ID["account"], "parent"), ("industry", S, "industry"),
            ("customer_type", S, "customer_type"), ("employee_count", I, "employee_count"),
            ("annual_revenue_band", S, "annual_revenue_band"), ("postal_code", S, "postal_code"),
            ("region", S, "region"), ("country", S, "country"), ("status", S, "status_s"),
            ("owner_rep_id", ID["rep"], "owner"), ("created_at", T, "created_at")]),
        Table("contacts", contacts.assign(created_at=contacts_created), [
            ("contact_id", ID["contact"], "contact_n"), ("account_id", ID["account"], "acc"),
            ("first_name", S, "first_name"), ("last_name", S, "last_name"), ("email", S, "email"),
            ("phone", S, "phone"), ("title", S, "title"), ("persona", S, "persona"), ("region", S, "region"),
            ("created_at", T, "created_at")]),
        Table("reps", rf, [
            ("rep_id", ID["rep"], "rep_n"), ("full_name", S, "full_name"), ("email", S, "email"), ("role", S, "role"),
            ("manager_rep_id", ID["rep"], "manager"), ("territory_id", S, "territory_id"), ("region", S, "region"),
            ("hire_date", D, "hire"), ("termination_date", D, "term")]),
        Table("opportunity_stage_history", history.assign(history_n=np.arange(len(history)),
                                                          stage_s=_cat(history["stage"], stages),
                                                          prob=stage_prob[history["stage"].to_numpy()]), [
            ("history_id", ID["history"], "history_n"), ("opp_id", ID["opp"], "opp"), ("stage", S, "stage_s"),
            ("entered_at", T, "entered_at"), ("amount", M, "amount"), ("probability", I, "prob"),
            ("expected_close_date", D, "expected_close"), ("changed_by_rep_id", ID["rep"], "rep")]),
        Table("activities", activities, [
            ("activity_id", ID["activity"], "activity_n"), ("activity_type", S, "activity_type"),
            ("rep_id", ID["rep"], "rep"), ("account_id", ID["account"], "acc"), ("contact_id", ID["contact"], "contact"),
            ("opp_id", ID["opp"], "opp"), ("lead_id", ID["lead"], "lead"), ("activity_at", T, "activity_at"),
            ("outcome", S, "outcome"), ("duration_minutes", I, "duration")]),
        Table("billing_orders", o.assign(order_n=np.arange(len(o)), type_s=_cat(o["type"], ORDER_TYPES),
                                         bundle_s=_cat(o["bundle"], BUNDLES), freq_s=_cat(o["freq"], FREQUENCIES)), [
            ("order_id", ID["order"], "order_n"), ("account_id", ID["account"], "acc"), ("opp_id", ID["opp"], "opp"),
            ("order_type", S, "type_s"), ("product_bundle_code", S, "bundle_s"), ("quantity", I, "quantity"),
            ("start_date", D, "start"), ("end_date", D, "end"), ("term_months", I, "term"),
            ("billing_frequency", S, "freq_s"), ("arr", M, "arr"), ("total_contract_value", M, "tcv"),
            ("invoice_date", D, "start")]),
        Table("campaigns", campaigns, [
            ("campaign_id", ID["campaign"], "campaign_n"), ("campaign_name", S, "campaign_name"),
            ("channel", S, "channel"), ("start_date", D, "start"), ("end_date", D, "end"), ("budget", M, "budget")]),
        Table("marketing_touches", touches, [
            ("touch_id", ID["touch"], "touch_n"), ("campaign_id", ID["campaign"], "campaign"),
            ("lead_id", ID["lead"], "lead"), ("contact_id", ID["contact"], "contact"),
            ("touch_type", S, "touch_type"), ("touched_at", T, "touched_at")]),
        Table("quotas", quotas, [
            ("quota_id", ID["quota"], "quota_n"), ("rep_id", ID["rep"], "rep"), ("region", S, "region"),
            ("customer_type", S, "customer_type"), ("sales_motion", S, "sales_motion"),
            ("fiscal_quarter_start", D, "quarter"), ("quota_amount", M, "amount")]),
        Table("seat_entitlements", entitlements, [
            ("entitlement_id", ID["entitlement"], "entitlement_n"), ("account_id", ID["account"], "acc"),
            ("product_family", S, "family"), ("entitled_seats", I, "seats"), ("start_date", D, "start"),
            ("end_date", D, "end")]),
        Table("license_events", events, [
            ("event_id", ID["event"], "event_n"), ("account_id", ID["account"], "acc"),
            ("product_family", S, "family"), ("seat_id", ID["seat"], "seat"), ("event_type", S, "event_type"),
            ("event_at", T, "event_at")]),
    ]
    for t in tables:
        assert tuple(c[0] for c in t.columns) == TABLE_COLUMNS[t.name], t.name
    link_frame = pd.DataFrame({"lead": links["lead_n"].to_numpy(), "opp": links["link_opp"].to_numpy()})
    del fams
    return tables, link_frame


def _row_strings(writer: Writer, table: Table, rows: np.ndarray) -> dict[str, np.ndarray]:
    """The given rows of a table as text, exactly as written (None = NULL), by output column."""
    text = writer.to_strings(Table(table.name, table.frame.iloc[rows], table.columns))
    return {c: text[c].to_numpy(dtype=object) for c in text.columns}


def _plan(writer: Writer, table: Table, ctx: Ctx, rate: float) -> FaultPlan:
    return plan_faults(table.name, len(table), list(TABLE_COLUMNS[table.name]), partial(_row_strings, writer, table),
                       ctx, rate)


def make_context(options: GenerateOptions) -> Ctx:
    options = with_window(options)
    validate(options)
    assert options.start is not None and options.end is not None
    ref = load_reference(Path(options.seeds_dir), Path(options.project_file))
    return Ctx(int(options.seed), float(options.scale), day_number(options.start), day_number(options.end), ref)


def generate(options: GenerateOptions, progress: Callable[[str, int, float], None] | None = None) -> dict[str, int]:
    """Writes every raw CSV + _truth/; returns rows written per table.

    progress(table, rows, seconds) is called after each table.
    """
    with reused_memory():
        return _generate(options, progress)


def _generate(options: GenerateOptions, progress: Callable[[str, int, float], None] | None) -> dict[str, int]:
    ctx = make_context(options)
    out = Path(options.out)
    t0 = time.perf_counter()
    tables, links = build_tables(ctx)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    counts: dict[str, int] = {}
    writer = Writer()
    dirty = options.dirty_rate > 0
    try:
        # an export of a day carries the faults of the window's rows (dirty.carry_faults), planned before the cut
        window: dict[str, WindowFaults] = {}
        window_rows: dict[str, np.ndarray] = {}
        if options.as_of is not None:
            from revops.generate.as_of import cut

            if dirty:
                window = {t.name: _plan(writer, t, ctx, options.dirty_rate).window(list(TABLE_COLUMNS[t.name]))
                          for t in tables if t.name in FAULTED_TABLES}
            tables, links, window_rows = cut(tables, links, options.as_of, ctx.ref.stage_forecast)
        gen_seconds = time.perf_counter() - t0
        (tmp / "_truth").mkdir()
        anomalies = []
        share = gen_seconds / max(sum(len(t) for t in tables), 1)
        for table in tables:
            t1 = time.perf_counter()
            path = tmp / f"{table.name}.csv"
            if table.name in FAULTED_TABLES and dirty:
                if table.name in window:
                    plan = carry_faults(window.pop(table.name), window_rows[table.name],
                                        list(TABLE_COLUMNS[table.name]), partial(_row_strings, writer, table), ctx)
                else:
                    plan = _plan(writer, table, ctx, options.dirty_rate)
                anomalies.append(plan.anomalies)
                counts[table.name] = write_faulted(table, plan, path)
            else:
                counts[table.name] = writer.write(table, path)
            if progress is not None:
                progress(table.name, counts[table.name], time.perf_counter() - t1 + share * len(table))
        link_table = Table("lead_opportunity_links", links, [("lead_id", ID["lead"], "lead"), ("opp_id", ID["opp"], "opp")])
        writer.write(link_table, tmp / "_truth" / "lead_opportunity_links.csv")
        from revops.generate.dirty import ANOMALY_COLUMNS
        anomaly_frame = pd.concat(anomalies, ignore_index=True) if anomalies else pd.DataFrame(columns=list(ANOMALY_COLUMNS))
        writer.write_strings(anomaly_frame.astype(object), tmp / "_truth" / "anomalies.csv")
        if options.as_of is not None:
            from revops.generate.as_of import write_manifest

            write_manifest(tmp / "_truth", options.as_of)
    except BaseException:
        writer.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    writer.close()
    _swap_into_place(tmp, out)
    return counts


def _swap_into_place(tmp: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    try:
        tmp.rename(out)
    except BaseException:
        if old is not None:
            old.rename(out)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

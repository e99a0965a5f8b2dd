"""The world is consistent by construction at any seed and scale: every cross-table truth of SPEC section 2,
asserted on the raw files of 30 small worlds and of one scale-10 world."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import options, read
from revops.generate import generate
from revops.generate.reference import project_window

REPO = Path(__file__).resolve().parents[2]
AS_OF = project_window(REPO / "dbt_project.yml")[1].isoformat()

# (child table, column) -> (parent table, key column)
FOREIGN_KEYS = {
    ("accounting_data", "CUSTOMER_ID"): ("accounts", "account_id"),
    ("leads", "CUSTOMER_ID"): ("accounts", "account_id"),
    ("leads", "OWNER_REP_ID"): ("reps", "rep_id"),
    ("leads", "CAMPAIGN_ID"): ("campaigns", "campaign_id"),
    ("opportunities", "CUSTOMER_ID"): ("accounts", "account_id"),
    ("opportunities", "CONTACT_ID"): ("contacts", "contact_id"),
    ("opportunities", "OWNER_REP_ID"): ("reps", "rep_id"),
    ("poc_tracker", "OPP_ID"): ("opportunities", "OPP_ID"),
    ("quotes", "OPP_ID"): ("opportunities", "OPP_ID"),
    ("support_tickets", "CUSTOMER_ID"): ("accounts", "account_id"),
    ("accounts", "parent_account_id"): ("accounts", "account_id"),
    ("accounts", "owner_rep_id"): ("reps", "rep_id"),
    ("contacts", "account_id"): ("accounts", "account_id"),
    ("reps", "manager_rep_id"): ("reps", "rep_id"),
    ("opportunity_stage_history", "opp_id"): ("opportunities", "OPP_ID"),
    ("opportunity_stage_history", "changed_by_rep_id"): ("reps", "rep_id"),
    ("activities", "rep_id"): ("reps", "rep_id"),
    ("activities", "account_id"): ("accounts", "account_id"),
    ("activities", "contact_id"): ("contacts", "contact_id"),
    ("activities", "opp_id"): ("opportunities", "OPP_ID"),
    ("activities", "lead_id"): ("leads", "LEAD_ID"),
    ("billing_orders", "account_id"): ("accounts", "account_id"),
    ("billing_orders", "opp_id"): ("opportunities", "OPP_ID"),
    ("marketing_touches", "campaign_id"): ("campaigns", "campaign_id"),
    ("marketing_touches", "lead_id"): ("leads", "LEAD_ID"),
    ("marketing_touches", "contact_id"): ("contacts", "contact_id"),
    ("quotas", "rep_id"): ("reps", "rep_id"),
    ("seat_entitlements", "account_id"): ("accounts", "account_id"),
    ("license_events", "account_id"): ("accounts", "account_id"),
}
# (child, date column, key column) must not precede (parent, date column, key column) of the row it points to
NOT_BEFORE = [
    ("opportunities", "CREATED_DATE", "CUSTOMER_ID", "accounts", "created_at", "account_id"),
    ("contacts", "created_at", "account_id", "accounts", "created_at", "account_id"),
    ("leads", "CREATED_DATE", "CUSTOMER_ID", "accounts", "created_at", "account_id"),
    ("quotes", "QUOTE_DATE", "OPP_ID", "opportunities", "CREATED_DATE", "OPP_ID"),
    ("poc_tracker", "START_DATE", "OPP_ID", "opportunities", "CREATED_DATE", "OPP_ID"),
    ("opportunity_stage_history", "entered_at", "opp_id", "opportunities", "CREATED_DATE", "OPP_ID"),
    ("activities", "activity_at", "opp_id", "opportunities", "CREATED_DATE", "OPP_ID"),
    ("activities", "activity_at", "lead_id", "leads", "CREATED_DATE", "LEAD_ID"),
    ("billing_orders", "start_date", "opp_id", "opportunities", "CREATED_DATE", "OPP_ID"),
]
# closed deals: these events happen no later than the close
NOT_AFTER_CLOSE = [("quotes", "QUOTE_DATE"), ("poc_tracker", "END_DATE"), ("opportunity_stage_history", "entered_at")]
EVENT_DATES = {
    "leads": ("CREATED_DATE", "MQL_DATE", "SQL_DATE"), "opportunities": ("CREATED_DATE",),
    "poc_tracker": ("START_DATE", "END_DATE"), "quotes": ("QUOTE_DATE",),
    "support_tickets": ("CREATED_DATE", "UPDATED_DATE"), "accounts": ("created_at",), "contacts": ("created_at",),
    "reps": ("hire_date",), "opportunity_stage_history": ("entered_at",), "activities": ("activity_at",),
    "billing_orders": ("invoice_date",), "marketing_touches": ("touched_at",), "license_events": ("event_at",),
}


def _day(series: pd.Series) -> pd.Series:
    return series.str[:10]


def violations(raw: Path) -> list[str]:
    """Every broken cross-table truth of one world, as readable lines (empty when the world is consistent)."""
    t = {name: read(raw, name) for name in {c for c, _ in FOREIGN_KEYS} | {p for p, _ in FOREIGN_KEYS.values()}}
    out: list[str] = []
    for (child, col), (parent, key) in FOREIGN_KEYS.items():
        values = t[child][col].dropna()
        bad = ~values.isin(t[parent][key])
        if bad.any():
            out.append(f"{child}.{col}: {int(bad.sum())} keys missing from {parent} (e.g. {values[bad].iloc[0]})")
    for name, cols in EVENT_DATES.items():
        for col in cols:
            late = _day(t[name][col].dropna()) > AS_OF
            if late.any():
                out.append(f"{name}.{col}: {int(late.sum())} after as_of {AS_OF}")
    for child, col, fk, parent, pcol, key in NOT_BEFORE:
        c = t[child][[col, fk]].dropna()
        parent_day = _day(t[parent].set_index(key)[pcol]).reindex(c[fk]).fillna("").to_numpy()
        early = _day(c[col]).to_numpy() < parent_day
        if early.any():
            out.append(f"{child}.{col}: {int(early.sum())} before their {parent}.{pcol}")
    opp = t["opportunities"].set_index("OPP_ID")
    closed = opp[opp.STATUS != "Open"]
    for child, col in NOT_AFTER_CLOSE:
        c = t[child]
        fk = "OPP_ID" if "OPP_ID" in c.columns else "opp_id"
        c = c[c[fk].isin(closed.index)]
        after = _day(c[col]).to_numpy() > closed.CLOSE_DATE.reindex(c[fk]).to_numpy()
        if after.any():
            out.append(f"{child}.{col}: {int(after.sum())} after their opportunity closed")
    out += _opportunity_truths(t, opp)
    out += _seat_truths(raw, t)
    out += _finance_truths(raw, t)
    return out


def _opportunity_truths(t: dict[str, pd.DataFrame], opp: pd.DataFrame) -> list[str]:
    out = []
    if ((opp.STATUS != "Open") & (opp.CLOSE_DATE > AS_OF)).any() or ((opp.STATUS == "Open") & (opp.CLOSE_DATE <= AS_OF)).any():
        out.append("opportunities: status disagrees with CLOSE_DATE vs as_of")
    if (opp.CLOSE_DATE < opp.CREATED_DATE).any():
        out.append("opportunities: CLOSE_DATE before CREATED_DATE")
    contact_account = t["contacts"].set_index("contact_id").account_id
    if (contact_account.reindex(opp.CONTACT_ID).to_numpy() != opp.CUSTOMER_ID.to_numpy()).any():
        out.append("opportunities: contact of another account")
    hist = t["opportunity_stage_history"].sort_values(["opp_id", "entered_at", "history_id"])
    if not hist.groupby("opp_id").entered_at.apply(lambda s: s.is_monotonic_increasing).all():
        out.append("stage history: entered_at not increasing")
    last = hist.groupby("opp_id").tail(1).set_index("opp_id")
    if (last.stage != opp.STAGE.reindex(last.index)).any():
        out.append("stage history: last stage differs from the opportunity's stage")
    done = opp.STATUS.reindex(last.index) != "Open"
    if (_day(last.entered_at)[done] != opp.CLOSE_DATE.reindex(last.index)[done]).any():
        out.append("stage history: closed stage not on the close day")
    orders = t["billing_orders"]
    won = opp[(opp.STATUS == "Won") & (opp.OPPORTUNITY_TYPE != "Renewal")]
    by_opp = orders.dropna(subset=["opp_id"]).set_index("opp_id")
    if not by_opp.index.is_unique or not won.index.isin(by_opp.index).all():
        out.append("billing: a won New Business / Expansion deal without exactly one order")
    elif (by_opp.arr.reindex(won.index).astype(float) != won.AMOUNT.astype(float)).any():
        out.append("billing: order arr differs from the won AMOUNT")
    if not by_opp.index.isin(opp.index[opp.STATUS == "Won"]).all():
        out.append("billing: an order from a deal that is not Won")
    if (orders.end_date.notna() & (orders.end_date <= orders.start_date)).any():
        out.append("billing: end_date not after start_date")
    poc = t["poc_tracker"]
    dur = (pd.to_datetime(poc.END_DATE) - pd.to_datetime(poc.START_DATE)).dt.days
    if (dur != poc.DURATION_DAYS.astype(int)).any() or (dur < 0).any():
        out.append("poc: DURATION_DAYS differs from END - START")
    if ((poc.SUCCESS_FLAG == "1") != poc.PRIMARY_BLOCKER.isna()).any():
        out.append("poc: blocker present iff failed")
    leads = t["leads"]
    if (leads.MQL_DATE < leads.CREATED_DATE).any() or (leads.SQL_DATE < leads.MQL_DATE).any() or (
            leads.SQL_DATE.notna() & leads.MQL_DATE.isna()).any():
        out.append("leads: MQL before creation or SQL before MQL")
    tickets = t["support_tickets"]
    if (tickets.UPDATED_DATE < tickets.CREATED_DATE).any():
        out.append("tickets: updated before created")
    return out


def _seat_truths(raw: Path, t: dict[str, pd.DataFrame]) -> list[str]:
    """Per seat: assigned, then activated, then deactivated (each at most once); per account x family and
    every event: seats assigned at that moment <= seats entitled that day, and never without an entitlement."""
    out = []
    ev = read(raw, "license_events")[["account_id", "product_family", "seat_id", "event_type", "event_at"]]
    state = ev[ev.event_type.isin(["assigned", "activated", "deactivated"])]
    first = state.pivot_table(index="seat_id", columns="event_type", values="event_at", aggfunc="min")
    counts = state.groupby(["seat_id", "event_type"]).size()
    if (counts > 1).any():
        out.append("license events: a seat assigned, activated or deactivated twice")
    for col in ("assigned", "activated", "deactivated"):
        if col not in first.columns:
            first[col] = np.nan
    if (first.activated.notna() & ~(first.assigned < first.activated)).any():
        out.append("license events: a seat activated before (or without) being assigned")
    if (first.deactivated.notna() & ~(first.assigned < first.deactivated)).any():
        out.append("license events: a seat deactivated before (or without) being assigned")
    if (first.deactivated.notna() & first.activated.notna() & ~(first.activated < first.deactivated)).any():
        out.append("license events: a seat deactivated before it was activated")
    signal = ev[~ev.event_type.isin(["assigned", "activated", "deactivated"])]
    act = first.activated.reindex(signal.seat_id).to_numpy()
    deact = first.deactivated.reindex(signal.seat_id).to_numpy()
    if (pd.isna(act) | (signal.event_at.to_numpy() < np.where(pd.isna(act), "", act))).any():
        out.append("license events: an activation signal on a seat not (yet) activated")
    if (~pd.isna(deact) & (signal.event_at.to_numpy() > np.where(pd.isna(deact), "", deact))).any():
        out.append("license events: an activation signal after the seat's deactivation")
    # assigned seats never exceed entitled seats (checked on every assignment day)
    delta = state.assign(d=state.event_type.map({"assigned": 1, "activated": 0, "deactivated": -1}))
    delta = delta[delta.d != 0].sort_values(["account_id", "product_family", "event_at", "d"])
    delta["assigned_now"] = delta.groupby(["account_id", "product_family"]).d.cumsum()
    ent = t.get("seat_entitlements", read(raw, "seat_entitlements"))
    ent = ent.assign(seats=ent.entitled_seats.astype(int), end=ent.end_date.fillna("9999-12-31"))
    adds = delta[delta.d > 0].assign(day=lambda f: _day(f.event_at))
    j = adds.reset_index().merge(ent, on=["account_id", "product_family"], how="left")
    j["live"] = np.where((j.start_date <= j.day) & (j.end > j.day), j.seats, 0)
    entitled = j.groupby("index").live.sum().reindex(adds.index).fillna(0)
    over = adds.assigned_now > entitled
    if over.any():
        row = adds[over].iloc[0]
        out.append(f"license events: {int(over.sum())} assignments above the entitlement "
                   f"(e.g. {row.account_id} {row.product_family} {row.day})")
    return out


def _finance_truths(raw: Path, t: dict[str, pd.DataFrame]) -> list[str]:
    out = []
    acc = t["accounting_data"]
    piv = acc.assign(a=acc.AMOUNT.astype(float)).pivot_table(
        index=["CUSTOMER_ID", "TRANSACTION_DATE"], columns="ACCOUNT_TYPE", values="a")
    if len(piv) * 4 != len(acc) or piv.isna().any().any():
        out.append("accounting: not four rows per customer-month")
    elif ((piv.Income - piv["Cost of Goods"] - piv["Operating Expenses"] - piv["Net Income"]).abs() > 0.005).any():
        out.append("accounting: Net Income is not Income - Cost of Goods - Operating Expenses")
    if (piv.Income < 0).any() or (piv["Cost of Goods"] < 0).any() or (piv["Operating Expenses"] < 0).any():
        out.append("accounting: negative income or cost")
    if ((piv.Income == 0) & ((piv["Cost of Goods"] != 0) | (piv["Operating Expenses"] != 0))).any():
        out.append("accounting: costs in a month without income")
    return out


@pytest.mark.parametrize("seed", range(30))
def test_small_worlds_are_consistent(tmp_path: Path, seed: int) -> None:
    out = tmp_path / "raw"
    generate(options(out, seed=seed, scale=0.2))
    assert violations(out) == []


@pytest.mark.slow
def test_scale_10_world_is_consistent(tmp_path: Path) -> None:
    out = tmp_path / "raw"
    generate(options(out, seed=42, scale=10))
    assert violations(out) == []


def test_the_checks_catch_broken_worlds(clean_raw: Path, tmp_path: Path) -> None:
    """Each family of checks fires on a world broken the way it guards against."""
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(clean_raw, broken)
    ev = read(broken, "license_events")
    seat = ev.loc[ev.event_type == "activated", "seat_id"].iloc[0]
    ev.loc[(ev.seat_id == seat) & (ev.event_type == "assigned"), "event_at"] = "2024-06-30T23:00:00"
    ev.to_csv(broken / "license_events.csv", index=False)
    opp = read(broken, "opportunities")
    opp.loc[opp.index[0], "CUSTOMER_ID"] = "ACC-9999999"
    opp.to_csv(broken / "opportunities.csv", index=False)
    found = violations(broken)
    assert any(v.startswith("opportunities.CUSTOMER_ID") for v in found), found
    assert any("activated before" in v for v in found), found
    assert date.fromisoformat(AS_OF)

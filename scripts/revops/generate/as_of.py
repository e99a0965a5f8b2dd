"""`revops generate --as-of DATE`: the same world as its systems would have exported it on DATE.

The generator builds the whole window; `cut` derives the export of day D from those frames, table by
table, through the output column names of the raw contract (so it does not depend on how the world
is simulated). Deterministic: the exports of D and D + 1 differ exactly by what happened on D + 1, and
the export of the window's last day is the full export, byte for byte.

* Events appear on their day: stage history (`entered_at`), activities, touches, licence events,
  quotes, billing orders and seat entitlements (from their start), quotas (from the start of their
  fiscal quarter), POCs (the tracker records a POC when it ends, as in the full export), and the
  P&L rows of a month once the month has closed.
* Entities appear when created (accounts, contacts, leads, opportunities, tickets, campaigns from
  their start, reps from their hire date) and carry their state on D:
  - an opportunity takes the stage, amount, probability and expected close date of its last
    stage-history row entered by D: Open unless that row is Closed Won / Closed Lost;
  - an account is a customer when a billing order is active on D, churned when it had one before,
    otherwise a prospect;
  - a lead's MQL / SQL dates after D are blank, and a lead qualified after D is still being worked
    (Nurture, In Progress);
  - a ticket last updated after D is Open with its creation date as the update date;
  - a rep terminated after D has no termination date.
  Attributes the systems do not date (a lead's queue status, an account's owner) are as exported.

With `--dirty-rate` the faults are planned on the whole window and carried into the day's export
(`dirty.carry_faults`, through the window row numbers `cut` returns), so they do not move either.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from revops.generate.context import DAY, day_number
from revops.generate.writer import Table

MANIFEST = "export.json"
OPEN_LEAD_DISPOSITION = "Nurture"
OPEN_LEAD_STATUS = "In Progress"
OPEN_TICKET_STATUS = "Open"
CLOSED_STAGES = {"Closed Won": "Won", "Closed Lost": "Lost"}


#: references that identify what a row is about (table, column, parent table, parent key): a row whose
#: parent the systems do not hold yet on D is not exported
REQUIRED_REFERENCES = (
    ("contacts", "account_id", "accounts", "account_id"),
    ("opportunities", "CUSTOMER_ID", "accounts", "account_id"),
    ("opportunity_stage_history", "opp_id", "opportunities", "OPP_ID"),
    ("quotes", "OPP_ID", "opportunities", "OPP_ID"),
    ("poc_tracker", "OPP_ID", "opportunities", "OPP_ID"),
    ("leads", "CUSTOMER_ID", "accounts", "account_id"),
    ("activities", "account_id", "accounts", "account_id"),
    ("billing_orders", "account_id", "accounts", "account_id"),
    ("seat_entitlements", "account_id", "accounts", "account_id"),
    ("license_events", "account_id", "accounts", "account_id"),
    ("support_tickets", "CUSTOMER_ID", "accounts", "account_id"),
    ("accounting_data", "CUSTOMER_ID", "accounts", "account_id"),
)
#: references that describe a row (table, column, parent table, parent key, columns blanked with it):
#: blank while the parent does not exist yet (a touch before its lead, an activity before the contact
#: record, an account whose owner of the window's end is not hired yet)
OPTIONAL_REFERENCES = (
    ("accounts", "parent_account_id", "accounts", "account_id", ()),
    ("accounts", "owner_rep_id", "reps", "rep_id", ()),
    ("reps", "manager_rep_id", "reps", "rep_id", ()),
    ("opportunities", "CONTACT_ID", "contacts", "contact_id", ("CONTACT_NAME",)),
    ("opportunities", "OWNER_REP_ID", "reps", "rep_id", ()),
    ("opportunity_stage_history", "changed_by_rep_id", "reps", "rep_id", ()),
    ("leads", "OWNER_REP_ID", "reps", "rep_id", ()),
    ("leads", "CAMPAIGN_ID", "campaigns", "campaign_id", ()),
    ("activities", "rep_id", "reps", "rep_id", ()),
    ("activities", "contact_id", "contacts", "contact_id", ()),
    ("activities", "opp_id", "opportunities", "OPP_ID", ()),
    ("activities", "lead_id", "leads", "LEAD_ID", ()),
    ("marketing_touches", "campaign_id", "campaigns", "campaign_id", ()),
    ("marketing_touches", "lead_id", "leads", "LEAD_ID", ()),
    ("marketing_touches", "contact_id", "contacts", "contact_id", ()),
    ("billing_orders", "opp_id", "opportunities", "OPP_ID", ()),
    ("quotas", "rep_id", "reps", "rep_id", ()),
)


class _Cut:
    """One table being cut: columns read and written by their output (raw contract) names; `rows` are the
    window's row numbers of the rows kept."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.frame = table.frame
        self.source = {out: src for out, _, src in table.columns}
        self.rows = np.arange(len(table.frame))

    def get(self, column: str) -> np.ndarray:
        values = self.frame[self.source[column]]
        return values.astype(object).to_numpy() if isinstance(values.dtype, pd.CategoricalDtype) else values.to_numpy()

    def keep(self, mask: np.ndarray) -> None:
        self.frame = self.frame.loc[mask].reset_index(drop=True)
        self.rows = self.rows[mask]

    def put(self, column: str, values: np.ndarray) -> None:
        self.frame = self.frame.assign(**{self.source[column]: values})

    def done(self) -> Table:
        return Table(self.table.name, self.frame, self.table.columns)


def _member(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    return np.isin(values, keys)


def _month_end(days: np.ndarray) -> np.ndarray:
    month = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]")
    return ((month + 1).astype("datetime64[D]") - 1).astype("int64")


def _opportunities_on(opps: _Cut, history: _Cut, stage_forecast: Mapping[str, str]) -> None:
    """Each opportunity's state from its last stage-history row (history already cut to the day)."""
    order = np.lexsort((history.get("history_id"), history.get("opp_id")))
    opp_of_row = history.get("opp_id")[order]
    last = order[np.r_[opp_of_row[1:] != opp_of_row[:-1], True]] if order.size else order
    row_of_opp = pd.Series(last, index=history.get("opp_id")[last])
    rows = row_of_opp.reindex(opps.get("OPP_ID")).to_numpy()
    rows = rows.astype("int64")
    stage = history.get("stage")[rows]
    status = np.array([CLOSED_STAGES.get(s, "Open") for s in stage], dtype=object)
    still_open = status == "Open"
    opps.put("STAGE", stage)
    opps.put("STATUS", status)
    opps.put("PROBABILITY", history.get("probability")[rows])
    opps.put("FORECAST_CATEGORY", np.array([stage_forecast[s] for s in stage], dtype=object))
    opps.put("AMOUNT", history.get("amount")[rows])
    opps.put("CLOSE_DATE", np.where(still_open, history.get("expected_close_date")[rows], opps.get("CLOSE_DATE")))
    opps.put("LOSS_REASON", np.where(still_open, None, opps.get("LOSS_REASON")))


def _account_status(accounts: _Cut, orders: _Cut, day: int) -> np.ndarray:
    """customer (an order active on `day`), churned (only earlier orders) or prospect (orders cut already)."""
    end = orders.get("end_date")
    active_accounts = orders.get("account_id")[np.where(end < 0, True, end > day)]
    ids = accounts.get("account_id")
    return np.where(
        _member(ids, active_accounts), "customer", np.where(_member(ids, orders.get("account_id")), "churned", "prospect")
    ).astype(object)


def _close_references(t: dict[str, _Cut]) -> None:
    """Drop rows about what does not exist yet, then blank descriptive references to it."""
    for table, column, parent, key in REQUIRED_REFERENCES:
        t[table].keep(_member(t[table].get(column), t[parent].get(key)))
    for table, column, parent, key, companions in OPTIONAL_REFERENCES:
        values = t[table].get(column)
        missing = (values >= 0) & ~_member(values, t[parent].get(key))
        if missing.any():
            t[table].put(column, np.where(missing, -1, values))
            for companion in companions:
                t[table].put(companion, np.where(missing, None, t[table].get(companion)))


def cut(
    tables: list[Table], links: pd.DataFrame, as_of: date, stage_forecast: Mapping[str, str]
) -> tuple[list[Table], pd.DataFrame, dict[str, np.ndarray]]:
    """The 17 tables and the lead links as exported on `as_of` (a day of the generated window), and per table
    the row numbers in `tables` of the rows exported (increasing: the export keeps the window's row order)."""
    day = day_number(as_of)
    before = (day + 1) * DAY  # timestamps strictly before the next midnight
    t = {table.name: _Cut(table) for table in tables}

    def keep_until(name: str, column: str, limit: int) -> None:
        values = t[name].get(column)
        t[name].keep((values >= 0) & (values <= limit))

    for name, column in (("opportunity_stage_history", "entered_at"), ("activities", "activity_at"),
                         ("marketing_touches", "touched_at"), ("license_events", "event_at"),
                         ("accounts", "created_at"), ("contacts", "created_at")):
        keep_until(name, column, before - 1)
    for name, column in (("quotes", "QUOTE_DATE"), ("billing_orders", "start_date"), ("seat_entitlements", "start_date"),
                         ("quotas", "fiscal_quarter_start"), ("poc_tracker", "END_DATE"), ("leads", "CREATED_DATE"),
                         ("opportunities", "CREATED_DATE"), ("support_tickets", "CREATED_DATE"),
                         ("campaigns", "start_date"), ("reps", "hire_date")):
        keep_until(name, column, day)

    # an opportunity is exported once its first stage is recorded
    t["opportunities"].keep(_member(t["opportunities"].get("OPP_ID"), t["opportunity_stage_history"].get("opp_id")))
    _opportunities_on(t["opportunities"], t["opportunity_stage_history"], stage_forecast)
    t["accounts"].put("status", _account_status(t["accounts"], t["billing_orders"], day))

    reps = t["reps"]
    reps.put("termination_date", np.where(reps.get("termination_date") > day, -1, reps.get("termination_date")))

    leads = t["leads"]
    sql = leads.get("SQL_DATE")
    qualified_later = sql > day
    leads.put("MQL_DATE", np.where(leads.get("MQL_DATE") > day, -1, leads.get("MQL_DATE")))
    leads.put("SQL_DATE", np.where(qualified_later, -1, sql))
    disposition, status = leads.get("DISPOSITION_CODE"), leads.get("LEAD_STATUS")
    leads.put("DISPOSITION_CODE", np.where(qualified_later & (disposition == "Qualified"), OPEN_LEAD_DISPOSITION, disposition))
    leads.put("LEAD_STATUS", np.where(qualified_later & (status == "Converted"), OPEN_LEAD_STATUS, status))

    tickets = t["support_tickets"]
    updated_later = tickets.get("UPDATED_DATE") > day
    tickets.put("STATUS", np.where(updated_later, OPEN_TICKET_STATUS, tickets.get("STATUS")))
    tickets.put("UPDATED_DATE", np.where(updated_later, tickets.get("CREATED_DATE"), tickets.get("UPDATED_DATE")))

    ledger = t["accounting_data"]
    ledger.keep(_month_end(ledger.get("TRANSACTION_DATE")) <= day)
    _close_references(t)

    kept_links = links.loc[
        _member(links["lead"].to_numpy(), leads.get("LEAD_ID")) & _member(links["opp"].to_numpy(), t["opportunities"].get("OPP_ID"))
    ].reset_index(drop=True)
    return [t[table.name].done() for table in tables], kept_links, {name: view.rows for name, view in t.items()}


def write_manifest(truth_dir: Path, as_of: date) -> None:
    """`_truth/export.json`: the export's date, which `revops nightly` passes to dbt as `as_of_date`."""
    (truth_dir / MANIFEST).write_text(json.dumps({"as_of_date": as_of.isoformat()}) + "\n", encoding="utf-8")

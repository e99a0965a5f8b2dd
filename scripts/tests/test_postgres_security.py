"""PostgreSQL access control of the marts (SPEC section 8), against a warehouse built for this test.

A module fixture generates scale-0.2 data, loads it into a throwaway database ``revops_sec_pytest`` and
runs ``dbt seed`` + ``dbt run --target postgres`` (the security hooks of macros/security/ run with it) and
the singular tests of tests/security/. Then:

* a login in role ``reporting`` reads marts and is refused raw, staging, intermediate and audit;
* a login in role ``territory_manager`` mapped to one territory sees only that territory's rows of the
  territory-scoped marts (the territory is the first with rows in every one of them, so the check means something);
* while dbt rebuilds those marts, both logins keep reading complete, secured tables (no error, no empty
  or half-built table, no rows of other territories).

Skipped (failed with CI=true) when PostgreSQL is unreachable. Slow (about 5 min on 2 busy cores): marked ``slow``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

psycopg2 = pytest.importorskip("psycopg2")
from psycopg2 import errors as pg_errors  # noqa: E402

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
DBNAME = os.environ.get("REVOPS_SEC_TEST_DB", "revops_sec_pytest")
READER = f"{DBNAME}_reader"
MANAGER = f"{DBNAME}_tm"
PASSWORD = "revops-sec-pytest"
TERRITORY_MARTS = (
    "rpt_territory_coverage",
    "fct_lead_allocations",
    "rpt_rep_capacity",
    "dim_accounts",
    "fct_opportunities",
    "fct_leads",
    "dim_reps",
    "dim_territories",
)
PRIVATE_SCHEMAS = ("raw", "staging", "intermediate", "audit")


def _params(dbname: str = "postgres", user: str | None = None, password: str | None = None) -> dict:
    return {
        "host": os.environ.get("REVOPS_PG_HOST", "127.0.0.1"),
        "port": int(os.environ.get("REVOPS_PG_PORT", "5432")),
        "user": user or os.environ.get("REVOPS_PG_USER", "postgres"),
        "password": password if password is not None else os.environ.get("REVOPS_PG_PASSWORD", ""),
        "dbname": dbname,
        "connect_timeout": 5,
    }


def _admin(dbname: str = "postgres"):
    conn = psycopg2.connect(**_params(dbname))
    conn.autocommit = True
    return conn


def _login(user: str):
    conn = psycopg2.connect(**_params(DBNAME, user=user, password=PASSWORD))
    conn.autocommit = True
    return conn


def _scalar(conn, sql: str, args: tuple = ()):
    with conn.cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchone()[0]


def _drop_logins(conn) -> None:
    for role in (READER, MANAGER):
        if _scalar(conn, "select count(*) from pg_roles where rolname = %s", (role,)):
            with conn.cursor() as cur:
                cur.execute(f"drop role {role}")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Iterator[dict]:
    try:
        _admin().close()
    except psycopg2.OperationalError as exc:
        reason = f"PostgreSQL is not reachable ({str(exc).strip().splitlines()[0]})"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true requires PostgreSQL)")
        pytest.skip(reason)

    tmp = tmp_path_factory.mktemp("pgsec")
    shutil.copy(REPO / "profiles.yml.example", tmp / "profiles.yml")
    env = {**os.environ, "REVOPS_PG_DBNAME": DBNAME, "DBT_PROFILES_DIR": str(tmp)}
    bindir = Path(sys.executable).parent
    dbt = [str(bindir / "dbt"), "--no-use-colors"]
    dbt_paths = ["--profiles-dir", str(tmp), "--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs")]

    admin = _admin()
    with admin.cursor() as cur:
        cur.execute(f"drop database if exists {DBNAME} with (force)")
        cur.execute(f"create database {DBNAME}")
    _drop_logins(admin)

    def run(cmd: list[str], required: tuple[str, ...] = ()) -> None:
        result = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
        if result.returncode == 0:
            return
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        if required:
            # A failing model elsewhere in the project is not this test's subject: carry on (with a warning)
            # when every relation the security checks read was built.
            check = _admin(DBNAME)
            present = {r[0] for r in _rows(check, "select table_name from information_schema.tables where table_schema = 'marts'")}
            check.close()
            if not set(required) - present:
                warnings.warn(f"{' '.join(cmd[:3])} had failures outside the security checks:\n{tail}", stacklevel=2)
                return
        pytest.fail(f"{' '.join(cmd[:3])} failed:\n{tail}")

    raw = tmp / "raw"
    cli = [sys.executable, "-m", "revops.cli"]
    run([*cli, "generate", "--quiet", "--scale", "0.2", "--seed", "7", "--dirty-rate", "0.02", "--out", str(raw)])
    run([*cli, "load", "--quiet", "--target", "postgres", "--from", str(raw), "--profiles-dir", str(tmp)])
    # Models and hooks only (the data tests are `make test-postgres`'s job), then the security tests.
    run([*dbt, "seed", "--target", "postgres", *dbt_paths])
    run([*dbt, "run", "--target", "postgres", *dbt_paths], required=("rpt_kpi_scorecard", *TERRITORY_MARTS))
    run([*dbt, "test", "--target", "postgres", "--select", "path:tests/security", *dbt_paths])

    with admin.cursor() as cur:
        cur.execute(f"create role {READER} login password %s in role reporting", (PASSWORD,))
        cur.execute(f"create role {MANAGER} login password %s in role territory_manager", (PASSWORD,))
    db = _admin(DBNAME)
    territory = _territory_in_every_mart(db)
    with db.cursor() as cur:
        cur.execute("insert into marts.territory_manager_access (role_name, territory_id) values (%s, %s)", (MANAGER, territory))
    db.close()
    try:
        yield {"env": env, "dbt": dbt, "paths": dbt_paths, "territory": territory}
    finally:
        with admin.cursor() as cur:
            cur.execute(f"drop database if exists {DBNAME} with (force)")
        _drop_logins(admin)
        admin.close()


def _counts(conn, table: str) -> tuple[int, set[str | None]]:
    with conn.cursor() as cur:
        cur.execute(f"select count(*) from marts.{table}")
        total = cur.fetchone()[0]
        cur.execute(f"select distinct territory_id from marts.{table}")
        return total, {r[0] for r in cur.fetchall()}


def test_reporting_reads_marts_not_raw_staging_audit(warehouse) -> None:
    admin = _admin(DBNAME)
    reader = _login(READER)
    try:
        marts = [r[0] for r in _rows(admin, "select table_name from information_schema.tables where table_schema = 'marts'")]
        assert "rpt_kpi_scorecard" in marts and len(marts) > 20
        for table in marts:  # every mart, including the territory-scoped ones (policy: all rows)
            assert _scalar(reader, f"select count(*) from marts.{table}") == _scalar(admin, f"select count(*) from marts.{table}"), table
        for schema in PRIVATE_SCHEMAS:
            tables = _rows(admin, "select table_name from information_schema.tables where table_schema = %s", (schema,))
            assert tables, schema
            for (table,) in tables:
                with pytest.raises(pg_errors.InsufficientPrivilege):
                    _scalar(reader, f"select count(*) from {schema}.{table}")
        for schema in PRIVATE_SCHEMAS:
            assert _scalar(reader, "select has_schema_privilege(current_user, %s, 'usage')", (schema,)) is False
        assert _scalar(reader, "select has_schema_privilege(current_user, 'marts', 'usage')") is True
        with pytest.raises(pg_errors.InsufficientPrivilege):
            _scalar(reader, "create table marts.x (i int)")
    finally:
        reader.close()
        admin.close()


def _territory_in_every_mart(db) -> str:
    """The first territory with rows in every territory-scoped mart and not all of them (a world-independent pick)."""
    for (territory,) in _rows(db, "select territory_id from marts.dim_territories order by territory_id"):
        if all(
            0 < _scalar(db, f"select count(*) from marts.{t} where territory_id = %s", (territory,))
            < _scalar(db, f"select count(*) from marts.{t}")
            for t in TERRITORY_MARTS
        ):
            return territory
    pytest.fail("no territory has rows in every territory-scoped mart: the security test world is too small")


def test_territory_manager_sees_only_its_territory(warehouse) -> None:
    territory = warehouse["territory"]
    admin = _admin(DBNAME)
    manager = _login(MANAGER)
    try:
        for table in TERRITORY_MARTS:
            expected = _scalar(admin, f"select count(*) from marts.{table} where territory_id = %s", (territory,))
            total_all = _scalar(admin, f"select count(*) from marts.{table}")
            seen, territories = _counts(manager, table)
            assert territories <= {territory}, (table, territories)
            assert seen == expected, table
            assert expected > 0 and total_all > expected, table  # the check means something
        assert _rows(manager, "select role_name, territory_id from marts.territory_manager_access") == [(MANAGER, territory)]
        # no grant outside the territory-scoped marts
        for table in ("marts.rpt_kpi_scorecard", "raw.leads", "audit.audit_quarantined_rows"):
            with pytest.raises(pg_errors.InsufficientPrivilege):
                _scalar(manager, f"select count(*) from {table}")
    finally:
        manager.close()
        admin.close()


def _rows(conn, sql: str, args: tuple = ()) -> list[tuple]:
    with conn.cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchall()


def test_readers_never_see_a_half_built_table_during_a_rebuild(warehouse) -> None:
    """dbt-postgres builds <table>__dbt_tmp, renames old -> __dbt_backup and tmp -> <table>, applies grants
    and the RLS post-hook, then commits: readers block on the lock and then see the new, secured table."""
    admin = _admin(DBNAME)
    tables = ("dim_accounts", "rpt_territory_coverage")
    full = {t: _scalar(admin, f"select count(*) from marts.{t}") for t in tables}
    own = {t: _scalar(admin, f"select count(*) from marts.{t} where territory_id = %s", (warehouse["territory"],)) for t in tables}
    oids_before = {t: _scalar(admin, "select %s::regclass::oid", (f"marts.{t}",)) for t in tables}
    problems: list[str] = []
    polls = {"reader": 0, "manager": 0}
    stop = threading.Event()

    def poll(user: str, expected: dict[str, int], key: str) -> None:
        conn = _login(user)
        try:
            while not stop.is_set():
                for table in tables:
                    try:
                        n = _scalar(conn, f"select count(*) from marts.{table}")
                    except psycopg2.Error as exc:
                        problems.append(f"{key} {table}: {type(exc).__name__}: {str(exc).strip()}")
                        continue
                    if n != expected[table]:
                        problems.append(f"{key} {table}: {n} rows, expected {expected[table]}")
                    polls[key] += 1
        finally:
            conn.close()

    threads = [
        threading.Thread(target=poll, args=(READER, full, "reader")),
        threading.Thread(target=poll, args=(MANAGER, own, "manager")),
    ]
    for thread in threads:
        thread.start()
    try:
        cmd = [*warehouse["dbt"], "run", "--target", "postgres", "--select", *tables, *warehouse["paths"]]
        result = subprocess.run(cmd, cwd=REPO, env=warehouse["env"], capture_output=True, text=True)
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert problems == [], problems[:10]
    assert polls["reader"] > 10 and polls["manager"] > 10, polls
    for table in tables:  # really rebuilt: a new relation, secured again
        assert _scalar(admin, "select %s::regclass::oid", (f"marts.{table}",)) != oids_before[table]
        assert _scalar(admin, "select relrowsecurity from pg_class where oid = %s::regclass", (f"marts.{table}",))
        assert _scalar(admin, "select has_table_privilege('reporting', %s, 'select')", (f"marts.{table}",))
    assert _rows(admin, "select tablename from pg_tables where schemaname = 'marts' and tablename like '%%__dbt_%%'") == []
    admin.close()

#!/usr/bin/env bash
# Exit 0 when the PostgreSQL of the dbt profile answers. When it does not:
# with CI=true, start a locally installed cluster or fail (exit 2);
# otherwise exit 1 so the caller can skip the PostgreSQL build, saying so.
set -u
python=${PYTHON:-python3}
ready() {
    "$python" - <<'PY' 2>/dev/null
import os, psycopg2
psycopg2.connect(
    host=os.environ.get("REVOPS_PG_HOST", "127.0.0.1"),
    port=int(os.environ.get("REVOPS_PG_PORT", "5432")),
    user=os.environ.get("REVOPS_PG_USER", "postgres"),
    password=os.environ.get("REVOPS_PG_PASSWORD", ""),
    dbname="postgres",
    connect_timeout=3,
).close()
PY
}

ready && exit 0
if [ "${CI:-}" = "true" ]; then
    if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
        echo "PostgreSQL is down: starting the local cluster"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
        for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
    fi
    echo "error: PostgreSQL is required when CI=true and is not reachable" >&2
    exit 2
fi
exit 1

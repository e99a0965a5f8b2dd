"""Layers flow one way: ``python -m revops.layers`` fails when a model reads a layer above its own.

A model's layer is the first folder of its path under ``models/``. The order is
staging < intermediate < marts < reports (< semantic); a model may read its own layer and any layer below.
Seeds (reference data) may be read from every layer; ``source()`` only from staging and the audit (which
counts raw rows). The audit layer reads staging only. Name prefixes must match the folder: ``base_``/``stg_`` in staging, ``int_`` in intermediate
(or beside the only reports it feeds, in reports), ``dim_``/``fct_`` in marts, ``rpt_`` in reports,
``audit_`` in audit. The check walks ``depends_on`` of the manifest that ``dbt parse`` writes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from revops.errors import RevopsError

# Rank of each layer folder: a model reads only ranks at or below its own.
LAYER_RANK: dict[str, int] = {"staging": 0, "intermediate": 1, "marts": 2, "reports": 3, "semantic": 4}
# Layers outside the main flow, with the layers each may read.
SIDE_LAYERS: dict[str, frozenset[str]] = {
    "audit": frozenset({"staging"}),
}
# The only layers that read ``source()``.
SOURCE_READERS = frozenset({"staging", "audit"})
# Name prefix -> the layer folders where a model of that name may live.
PREFIX_LAYERS: dict[str, frozenset[str]] = {
    "base_": frozenset({"staging"}),
    "stg_": frozenset({"staging"}),
    "int_": frozenset({"intermediate", "reports"}),
    "dim_": frozenset({"marts"}),
    "fct_": frozenset({"marts"}),
    "rpt_": frozenset({"reports"}),
    "audit_": frozenset({"audit"}),
}

Manifest = Mapping[str, Any]


def layer_of(node: Mapping[str, Any]) -> str:
    """The first folder of a model's path below ``models/`` (``models/marts/sales/x.sql`` -> ``marts``)."""
    parts = Path(node["original_file_path"]).parts
    return parts[1] if len(parts) > 2 and parts[0] == "models" else ""


def may_read(reader: str, read: str) -> bool:
    if reader in SIDE_LAYERS:
        return read in SIDE_LAYERS[reader]
    if reader not in LAYER_RANK or read not in LAYER_RANK:
        return False
    return LAYER_RANK[read] <= LAYER_RANK[reader]


def violations(manifest: Manifest) -> list[str]:
    """Every model that reads a layer above its own, reads a source outside staging or sits in the wrong folder."""
    nodes: Mapping[str, Mapping[str, Any]] = manifest["nodes"]
    known = set(LAYER_RANK) | set(SIDE_LAYERS)
    problems: list[str] = []
    for unique_id, node in sorted(nodes.items()):
        if node.get("resource_type") != "model":
            continue
        name, layer = node["name"], layer_of(node)
        if layer not in known:
            problems.append(f"{name}: {node['original_file_path']} is in no known layer ({', '.join(sorted(known))})")
            continue
        for prefix, homes in PREFIX_LAYERS.items():
            if name.startswith(prefix) and layer not in homes:
                problems.append(f"{name}: a {prefix} model belongs in {' or '.join(sorted(homes))}, not {layer}")
        for parent_id in node.get("depends_on", {}).get("nodes", []):
            kind = parent_id.split(".", 1)[0]
            if kind == "source" and layer not in SOURCE_READERS:
                problems.append(f"{name} ({layer}) reads {parent_id}: only staging and audit read sources")
            if kind != "model":
                continue
            parent = nodes[parent_id]
            parent_layer = layer_of(parent)
            if not may_read(layer, parent_layer):
                problems.append(f"{name} ({layer}) reads {parent['name']} ({parent_layer}): a layer above its own")
    return problems


def parse_manifest(project_dir: Path) -> dict[str, Any]:
    """Run ``dbt parse`` on the project into a temporary target folder and return its manifest."""
    dbt = Path(sys.executable).with_name("dbt")
    with tempfile.TemporaryDirectory(prefix="revops_layers_") as scratch:
        env = {**os.environ, "REVOPS_DUCKDB_PATH": ":memory:"}
        env.setdefault("DBT_PROFILES_DIR", str(project_dir))
        command = [str(dbt), "--no-use-colors", "parse", "--project-dir", str(project_dir),
                   "--target-path", str(Path(scratch) / "target"), "--log-path", str(Path(scratch) / "logs")]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RevopsError(f"dbt parse failed (exit {result.returncode}): {result.stdout[-2000:]}")
        manifest: dict[str, Any] = json.loads((Path(scratch) / "target" / "manifest.json").read_text())
        return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m revops.layers", description=__doc__.splitlines()[0])
    parser.add_argument("--project-dir", type=Path, default=Path.cwd(), help="dbt project folder")
    args = parser.parse_args(argv)
    try:
        problems = violations(parse_manifest(args.project_dir))
    except RevopsError as exc:
        print(f"revops layers: error: {exc}", file=sys.stderr)
        return 1
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} layer violation(s)", file=sys.stderr)
        return 1
    print("layers flow one way", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

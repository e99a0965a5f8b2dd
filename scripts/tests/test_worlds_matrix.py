"""`python -m revops.generate.worlds`: which worlds it builds (the builds themselves run in `make test-worlds`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from revops.generate import worlds


def test_cross_product_of_the_given_axes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    built: list[worlds.World] = []

    def fake_build(world: worlds.World, root: Path, project_dir: Path) -> worlds.Built:
        built.append(world)
        return worlds.Built(world, root / "warehouse.duckdb", True, 0.0, "")

    monkeypatch.setattr(worlds, "build_world", fake_build)
    assert worlds.main(["--keep", str(tmp_path), "--scales", "0.3", "10", "--seeds", "1", "2",
                        "--dirty-rates", "0.02"]) == 0
    assert [(w.scale, w.seed, w.dirty_rate) for w in built] == [
        (0.3, 1, 0.02), (0.3, 2, 0.02), (10.0, 1, 0.02), (10.0, 2, 0.02)]


def test_an_axis_alone_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        worlds.main(["--scales", "1"])
    assert exit_info.value.code == 2
    assert "--scales, --seeds and --dirty-rates go together" in capsys.readouterr().err

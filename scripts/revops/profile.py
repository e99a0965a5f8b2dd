"""Read the dbt profile ``revops`` the way dbt does, so ``revops load`` and dbt share one configuration.

``profiles.yml`` is looked up in ``--profiles-dir``, else ``$DBT_PROFILES_DIR``, else the current
directory. String values are rendered with Jinja like dbt renders profiles: ``env_var('X', 'default')``
(an unset variable without a default is an error) and the filters ``as_number``, ``as_bool``,
``as_native`` and ``as_text``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.nativetypes
import yaml

from revops.errors import RevopsError, UsageError

PROFILE_NAME = "revops"
PROFILES_FILE = "profiles.yml"
SUPPORTED_TYPES = ("duckdb", "postgres", "spark")

_NATIVE_FILTERS = ("as_number", "as_bool", "as_native")


@dataclass(frozen=True)
class Target:
    """One rendered output of the dbt profile."""

    name: str
    type: str
    config: dict[str, Any] = field(default_factory=dict)
    profiles_path: Path | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.config.get(key, default)


def profiles_dir_default() -> Path:
    """``$DBT_PROFILES_DIR`` if set, else the current directory (dbt's own order for a project)."""
    env = os.environ.get("DBT_PROFILES_DIR")
    return Path(env) if env else Path.cwd()


def _env_var(name: str, default: Any = None) -> str:
    if name in os.environ:
        return os.environ[name]
    if default is not None:
        return str(default)
    raise RevopsError(f"profiles.yml: environment variable {name!r} is required but not set")


def _as_number(value: Any) -> int | float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise RevopsError(f"profiles.yml: {value!r} is not a number (as_number)") from None


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off", ""):
        return False
    raise RevopsError(f"profiles.yml: {value!r} is not a boolean (as_bool)")


def _setup(env: jinja2.Environment) -> jinja2.Environment:
    env.globals["env_var"] = _env_var
    env.filters["as_number"] = _as_number
    env.filters["as_bool"] = _as_bool
    env.filters["as_native"] = lambda value: value
    env.filters["as_text"] = lambda value: "" if value is None else str(value)
    return env


_TEXT_ENV = _setup(jinja2.Environment(undefined=jinja2.StrictUndefined))
_NATIVE_ENV = _setup(jinja2.nativetypes.NativeEnvironment(undefined=jinja2.StrictUndefined))


def render_value(value: Any) -> Any:
    """Render one profile value (recursively for mappings and lists)."""
    if isinstance(value, dict):
        return {key: render_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [render_value(item) for item in value]
    if not isinstance(value, str) or ("{{" not in value and "{%" not in value):
        return value
    native = any(name in value for name in _NATIVE_FILTERS)
    env = _NATIVE_ENV if native else _TEXT_ENV
    try:
        return env.from_string(value).render()
    except RevopsError:
        raise
    except jinja2.TemplateError as exc:
        raise RevopsError(f"profiles.yml: cannot render {value!r}: {exc}") from None


def read_profile(profiles_dir: Path | None = None) -> tuple[dict[str, Any], Path]:
    """Return the raw (unrendered) ``revops`` profile and the file it came from."""
    directory = Path(profiles_dir) if profiles_dir is not None else profiles_dir_default()
    path = directory / PROFILES_FILE
    if not path.is_file():
        raise RevopsError(
            f"no {PROFILES_FILE} in {directory.resolve()} "
            f"(copy profiles.yml.example to profiles.yml, or pass --profiles-dir / set DBT_PROFILES_DIR)"
        )
    try:
        with path.open(encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RevopsError(f"cannot read {path}: {first}") from None
    if not isinstance(document, dict) or not isinstance(document.get(PROFILE_NAME), dict):
        raise RevopsError(f"{path} has no profile named {PROFILE_NAME!r}")
    profile = document[PROFILE_NAME]
    if not isinstance(profile.get("outputs"), dict) or not profile["outputs"]:
        raise RevopsError(f"{path}: profile {PROFILE_NAME!r} has no outputs")
    return profile, path


def load_target(target: str | None = None, profiles_dir: Path | None = None) -> Target:
    """Rendered target ``target`` (default: the profile's ``target``) of the ``revops`` profile."""
    profile, path = read_profile(profiles_dir)
    outputs: dict[str, Any] = profile["outputs"]
    name = target
    if name is None:
        default = render_value(profile.get("target", "default"))
        name = str(default)
    if name not in outputs:
        known = ", ".join(sorted(str(key) for key in outputs))
        raise UsageError(f"unknown target {name!r} (profile {PROFILE_NAME!r} in {path} has: {known})")
    raw = outputs[name]
    if not isinstance(raw, dict):
        raise RevopsError(f"{path}: target {name!r} is not a mapping")
    config = render_value(raw)
    kind = str(config.get("type", ""))
    if kind not in SUPPORTED_TYPES:
        raise UsageError(
            f"target {name!r} has type {kind!r}; revops load supports {', '.join(SUPPORTED_TYPES)}"
        )
    return Target(name=name, type=kind, config=config, profiles_path=path)

"""Errors the command line reports as one line, without a traceback."""

from __future__ import annotations


class RevopsError(Exception):
    """A problem the user can fix (bad input, missing file, unreachable database).

    ``exit_code`` is what ``revops`` exits with: 1 for runtime errors, 2 for usage errors.
    """

    exit_code: int = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(RevopsError):
    """Bad command-line arguments (exit code 2, like argparse)."""

    exit_code = 2

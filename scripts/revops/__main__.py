"""Allow ``python -m revops ...``."""

from revops.cli import main

raise SystemExit(main())

"""``python -m kinbase.cli``: the same as the ``kinbase`` console script."""

from __future__ import annotations

import sys

from kinbase.cli.main import main

sys.exit(main())

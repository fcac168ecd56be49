"""The ``kinbase`` command line: sessions, CRUD, import/export and history on the overlays.

``kinbase.cli:main`` is the console script (``kinbase --help``; manual:
https://kinbase.readthedocs.io/en/latest/cli/). Modules:

- :mod:`~kinbase.cli.main`: argparse wiring, dispatch, errors to exit codes;
- :mod:`~kinbase.cli.config`: defaults from the environment, paths, building clients;
- :mod:`~kinbase.cli.output`: JSON output, the progress bar, one-line errors, exit codes;
- :mod:`~kinbase.cli.inputs`: JSON in (argument, ``@file``, ``-`` for stdin), record sources;
- :mod:`~kinbase.cli.checkpoint`: resumable import/export state;
- ``commands/``: ``session`` (login, logout, whoami), ``objects`` (server-info, buckets,
  collections, records, history), ``transfer`` (import, export).
"""

from __future__ import annotations

from kinbase.cli.main import main

__all__ = ["main"]

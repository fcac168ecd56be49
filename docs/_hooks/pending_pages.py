"""MkDocs hook: a stand-in for each guide page that is being written but is not in docs/ yet.

The nav and other pages link to these pages; in strict mode a link to a missing page fails the
build. Until a page exists, this hook adds a short generated page in its place (and says so in
the build log). Once the real file is in docs/, the hook leaves it alone; when all of them
exist, delete this hook and its line in mkdocs.yml.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.pending_pages")

#: page -> (title, what it will cover)
PENDING: dict[str, tuple[str, str]] = {
    "storage.md": (
        "Storage (Kinto)",
        "`StorageClient` / `AsyncStorageClient`: buckets, collections, records, permissions, "
        "history, batch and pagination.",
    ),
    "auth.md": (
        "Auth (GoTrue)",
        "`AuthClient` / `AsyncAuthClient`: sign-up, sign-in, sessions and their storage, MFA, "
        "admin.",
    ),
    "migration-kinto-http.md": (
        "Migrating from kinto-http",
        "kinto-http's `Client` methods and options next to their kinbase equivalents.",
    ),
    "migration-supabase-auth.md": (
        "Migrating from supabase_auth",
        "supabase_auth's `SyncGoTrueClient` / `AsyncGoTrueClient` next to kinbase's auth client.",
    ),
}


def on_files(files: Files, config: Any) -> Files:
    for src_uri, (title, scope) in PENDING.items():
        if files.get_file_from_path(src_uri) is not None:
            continue
        log.info("pending_pages: %s is not written yet; using a placeholder", src_uri)
        content = (
            f"# {title}\n\n"
            '!!! note "This page is being written"\n'
            f"    It will cover {scope}\n"
            "    Until then, see the [quickstart](quickstart.md) and the docstrings.\n"
        )
        files.append(File.generated(config, src_uri, content=content))
    return files

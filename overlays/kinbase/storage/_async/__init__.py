"""The storage client (async source)."""

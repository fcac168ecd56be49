"""The transport layer shared by the storage and auth clients.

- :mod:`kinbase._http.retry`: sans-I/O retry policy and header parsing (pure functions).
- :mod:`kinbase._http.transport`: ``RetryTransport`` / ``AsyncRetryTransport``.
- :mod:`kinbase._http.redact`: secret redaction for exceptions and logs.

Import from the submodules. This package deliberately re-exports nothing:
``kinbase.errors`` imports ``redact`` and ``retry``, and ``transport`` imports
``kinbase.errors``, so eager re-exports here would create an import cycle.
"""

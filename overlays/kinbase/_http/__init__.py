"""The transport layer shared by the storage and auth clients.

- :mod:`kinbase._http.retry`: sans-I/O retry policy (pure decisions).
- :mod:`kinbase._http.transport`: ``RetryTransport`` / ``AsyncRetryTransport``.
- :mod:`kinbase._http.config`: client configuration -> transport + httpx client.

Import from the submodules (``kinbase.http`` is the public face). This layer sits above
:mod:`kinbase.errors`, which imports nothing of it: redaction (:mod:`kinbase._redact`) and
server-header parsing (:mod:`kinbase._server_headers`) are leaf modules that both use
(tests/unit/test_layering.py).
"""

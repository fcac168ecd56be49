"""HTTP handlers, one module per area; each takes ``(app, request, **path_params)``."""

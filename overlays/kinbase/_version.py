"""The single source of kinbase's version and of the API spec versions it was generated from."""

__version__ = "0.1.0"

#: ``info.version`` of openapi/storage.yaml (Kinto HTTP API) the client was generated from.
STORAGE_SPEC_VERSION = "1.23"
#: ``info.version`` of openapi/auth.yaml (GoTrue) the client was generated from.
AUTH_SPEC_VERSION = "2.0"

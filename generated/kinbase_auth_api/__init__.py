"""A client library for accessing kinbase auth API (GoTrue / Supabase Auth)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)

"""Settings of the Django example (no database: kinbase keeps the sessions)."""

from __future__ import annotations

import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "examples.django_app.urls"
INSTALLED_APPS: list[str] = []
DATABASES: dict[str, object] = {}
USE_TZ = True
MIDDLEWARE = ["kinbase.web.django.KinbaseMiddleware"]
KINBASE = {
    "CLIENT": "examples.django_app.kb.client",
    "ASYNC_CLIENT": "examples.django_app.kb.async_client",
    # plain http in development: a Secure cookie would not be sent back
    "COOKIE": {"secure": os.environ.get("KINBASE_COOKIE_SECURE", "1") == "1"},
}

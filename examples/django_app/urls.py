from __future__ import annotations

from django.urls import path

from examples.django_app import views

urlpatterns = [
    path("login", views.login),
    path("logout", views.logout),
    path("me", views.me),
    path("notes", views.notes),
]

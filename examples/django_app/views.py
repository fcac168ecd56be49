"""Views of the Django example: sync views use ``request.kinbase``, async views
``request.akinbase``; "not signed in" errors become 401s in the middleware."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from kinbase.errors import ForbiddenError, InvalidCredentialsError


def bucket_of(user_id: str) -> str:
    return "notes-" + user_id.replace("-", "")


@csrf_exempt
def login(request: HttpRequest) -> JsonResponse:
    form = json.loads(request.body)
    try:
        session = request.kinbase.sign_in_with_password(  # type: ignore[attr-defined]
            {"email": form["email"], "password": form["password"]}
        )
    except InvalidCredentialsError as error:
        return JsonResponse({"error": error.message}, status=401)
    return JsonResponse({"user": str(session.user.id)})


def me(request: HttpRequest) -> JsonResponse:
    """A sync view."""
    web = request.kinbase  # type: ignore[attr-defined]
    claims = web.claims()
    user = web.user()
    info = user.storage.server_info()
    session = web.load()
    session["django_visits"] = int(session.get("django_visits", 0)) + 1
    return JsonResponse(
        {
            "user": claims["sub"],
            "kinto_user": info["user"]["id"],
            "items": {k: v for k, v in session.items() if k.endswith("_visits")},
        }
    )


@csrf_exempt
async def notes(request: HttpRequest) -> JsonResponse:
    """An async view."""
    user = await request.akinbase.user()  # type: ignore[attr-defined]
    session = await user.auth.get_session()
    bucket = bucket_of(str(session.user.id))
    if request.method == "POST":
        await user.storage.create_bucket(id=bucket, if_not_exists=True)
        await user.storage.create_collection(id="notes", bucket=bucket, if_not_exists=True)
        text = json.loads(request.body)["text"]
        record = await user.storage.create_record(
            data={"text": text, "via": "django"}, bucket=bucket, collection="notes"
        )
        return JsonResponse(dict(record["data"]), status=201)
    try:
        records = await user.storage.get_records(bucket=bucket, collection="notes")
    except ForbiddenError:
        records = []
    return JsonResponse(sorted((r["text"], r["via"]) for r in records), safe=False)


@csrf_exempt
def logout(request: HttpRequest) -> JsonResponse:
    request.kinbase.sign_out()  # type: ignore[attr-defined]
    return JsonResponse({"signed_out": True})

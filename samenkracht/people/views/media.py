"""Profile photos are personal data: served by Django to signed-in people only."""

import mimetypes

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views import View

from samenkracht.people.permissions import can_view_people


class PhotoView(View):
    def get(self, request: HttpRequest, name: str) -> FileResponse:
        if not can_view_people(request.user):
            raise PermissionDenied
        path = f"photos/{name}"
        try:
            # The storage refuses paths that lead outside the media folder.
            if not default_storage.exists(path):
                raise Http404
        except SuspiciousFileOperation as error:
            raise Http404 from error
        content_type, _encoding = mimetypes.guess_type(path)
        response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response

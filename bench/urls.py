"""The project's URLs plus the bare view every page is measured against."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from participation.urls import handler403, handler404, handler500  # noqa: F401
from participation.urls import urlpatterns as project_urlpatterns


@login_not_required
def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *project_urlpatterns]

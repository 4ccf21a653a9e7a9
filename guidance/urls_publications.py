from django.urls import path

from guidance.feeds import PublicationFeed
from guidance.views import publications

app_name = "publications"
urlpatterns = [
    path("", publications.publication_list, name="list"),
    path("feed/", PublicationFeed(), name="feed"),
    path("events/", publications.event_list, name="event-list"),
    path("events/<slug:slug>/", publications.event_detail, name="event-detail"),
    path("<slug:slug>/", publications.publication_detail, name="detail"),
    path("<slug:slug>/pdf/", publications.publication_pdf, name="pdf"),
]

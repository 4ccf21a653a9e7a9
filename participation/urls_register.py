from django.urls import path

from participation.feeds import RegisterFeed
from participation.views import register

app_name = "register"
urlpatterns = [
    path("", register.activity_list, name="activity-list"),
    path("projects/", register.project_list, name="project-list"),
    path("projects/<slug:slug>/", register.project_detail, name="project-detail"),
    path("activities/<slug:slug>/", register.activity_detail, name="activity-detail"),
    path("data/", register.data, name="data"),
    path("data/<slug:dataset>.csv", register.data_csv, name="data-csv"),
    path("data/register.json", register.data_json, name="data-json"),
    path("feed/", RegisterFeed(), name="feed"),
]

from django.urls import path

from participation.views import dashboards

app_name = "dashboards"
urlpatterns = [
    path("", dashboards.platform_dashboard, name="platform"),
    path("projects/<slug:slug>/evidence-report/", dashboards.project_report_request, name="project-report-request"),
    path("<slug:slug>/", dashboards.organisation_dashboard, name="organisation"),
    path("<slug:slug>/annual-report/", dashboards.organisation_report_request, name="organisation-report-request"),
]

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from participation.sitemaps import SITEMAPS
from participation.views import account, organisations, pages, reports

# Admin sign-in goes through allauth, so it has the same rate limits and two-factor check.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", pages.healthz, name="healthz"),
    path("sitemap.xml", login_not_required(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("participation.urls_api")),
    *i18n_patterns(
        path("", pages.home, name="home"),
        path("accessibility/", pages.accessibility, name="accessibility"),
        path("cookies/", pages.cookies, name="cookies"),
        path("privacy/", pages.privacy, name="privacy"),
        path("accounts/", include("allauth.urls")),
        path("account/", account.overview, name="account-overview"),
        path("account/profile/", account.profile_edit, name="account-profile"),
        path("account/notifications/", account.notification_preferences, name="account-notifications"),
        path("account/data/", account.your_data, name="account-data"),
        path("account/delete/", account.erase_account, name="account-erase"),
        path("unsubscribe/<str:token>/", account.unsubscribe, name="notifications-unsubscribe"),
        path("organisations/", organisations.organisation_list, name="organisation-list"),
        path("organisations/<slug:slug>/", organisations.organisation_detail, name="organisation-detail"),
        path("organisations/<slug:slug>/edit/", organisations.organisation_edit, name="organisation-edit"),
        path("organisations/<slug:slug>/members/", organisations.member_list, name="organisation-members"),
        path("organisations/<slug:slug>/members/invite/", organisations.member_invite, name="organisation-invite"),
        path("organisations/<slug:slug>/members/<uuid:pk>/role/", organisations.member_role, name="membership-role"),
        path(
            "organisations/<slug:slug>/members/<uuid:pk>/remove/", organisations.member_remove, name="membership-remove"
        ),
        path(
            "organisations/<slug:slug>/invitations/<uuid:pk>/withdraw/",
            organisations.invitation_revoke,
            name="invitation-revoke",
        ),
        path("organisations/<slug:slug>/audit/", organisations.audit_log, name="organisation-audit"),
        path(
            "organisations/<slug:slug>/audit/report/",
            organisations.audit_report_request,
            name="organisation-audit-report",
        ),
        path("invitations/<str:token>/", organisations.invitation_accept, name="invitation-accept"),
        path("manage/guidance/", include("guidance.urls_manage")),
        path("manage/", include("participation.urls_staff")),
        path("register/", include("participation.urls_register")),
        path("dashboards/", include("participation.urls_dashboards")),
        path("guidance/", include("guidance.urls")),
        path("publications/", include("guidance.urls_publications")),
        path("community/", include("community.urls")),
        path("labs/", include("designlabs.urls")),
        path("reports/<uuid:pk>/", reports.report_detail, name="report-detail"),
        path("reports/<uuid:pk>/download/", reports.report_download, name="report-download"),
        prefix_default_language=False,
    ),
]

handler404 = "participation.views.errors.page_not_found"
handler500 = "participation.views.errors.server_error"
handler403 = "participation.views.errors.permission_denied"

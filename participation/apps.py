from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self):
        from participation import report_kinds, sessions

        report_kinds.register()
        sessions.connect()


class ParticipationAdminConfig(AdminConfig):
    default_site = "participation.admin_site.AdminSite"

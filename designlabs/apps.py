from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignlabsConfig(AppConfig):
    name = "designlabs"
    verbose_name = _("Design Labs")

    def ready(self):
        from designlabs import report_kinds

        report_kinds.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = _("Guidance")

    def ready(self):
        # Each kind of reviewed content registers its flow with the shared review mechanism.
        from guidance.services import publications, workflow  # noqa: F401

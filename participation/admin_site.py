from django.contrib import admin


class AdminSite(admin.AdminSite):
    site_header = site_title = "Participation platform admin"

    def has_permission(self, request):
        """Staff use the admin only once they have two-factor authentication."""
        return super().has_permission(request) and request.user.has_mfa

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import get_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """New accounts get emails in the language they signed up in."""
        user.preferred_language = "cy" if get_language() == "cy" else "en"
        return super().save_user(request, user, form, commit)

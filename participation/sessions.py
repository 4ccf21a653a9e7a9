"""A new session key whenever a person's powers grow (they set up two-factor authentication, join an
organisation or a Design Lab), so a session key seen before the change cannot ride on the new
powers. Django already gives a new key at sign-in."""

from allauth.mfa.signals import authenticator_added


def rotate_session_key(request) -> None:
    """Same session data under a new key; the old key stops working at once."""
    request.session.cycle_key()


def _on_authenticator_added(sender, request, **kwargs) -> None:
    rotate_session_key(request)


def connect() -> None:
    authenticator_added.connect(_on_authenticator_added, dispatch_uid="rotate-session-on-mfa")

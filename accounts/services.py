"""Account workflows: sign-up, profile, API tokens."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import User


def user_create(*, username: str, password: str, email: str = "", display_name: str = "") -> User:
    """Create an active reader account with a hashed password."""
    return User.objects.create_user(
        username=username, password=password, email=email, display_name=display_name
    )


def profile_update(*, user: User, display_name: str, email: str) -> User:
    user.display_name, user.email = display_name, email
    user.save(update_fields=["display_name", "email"])
    return user


def token_create(*, user: User) -> Token:
    """Return a fresh API token for `user`, replacing any previous one."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def token_revoke(*, user: User) -> None:
    Token.objects.filter(user=user).delete()

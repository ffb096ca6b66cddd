"""Sending and reading notifications. Callers run `notification_send` after their
transaction commits (`transaction.on_commit`), so nothing is sent for a rolled-back change."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from accounts.models import User
from notifications.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)


def wants_email(user: User) -> bool:
    """Whether `user` gets e-mail: the site sends e-mail, they have an address, and they
    did not opt out."""
    if not getattr(settings, "NOTIFICATIONS_EMAIL", True) or not user.email:
        return False
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref is None or pref.email


def notification_send(
    *, recipient: User, kind: str, text: str, url: str = "", actor: User | None = None
) -> Notification | None:
    """Tell `recipient` in the app, and by e-mail if they want it. Nobody is told about
    their own actions (returns None then)."""
    if actor is not None and actor.pk == recipient.pk:
        return None
    notification = Notification.objects.create(
        recipient=recipient, actor=actor, kind=kind, text=text[:500], url=url
    )
    if wants_email(recipient):
        _email(notification)
    return notification


def _email(notification: Notification) -> None:
    link = settings.SITE_URL + notification.url if notification.url else settings.SITE_URL
    body = (
        f"{notification.text}\n\n{link}\n\n"
        f"Turn these e-mails off at {settings.SITE_URL}/notifications/preferences/"
    )
    try:
        send_mail(
            f"Lectio: {notification.get_kind_display()}", body, None, [notification.recipient.email]
        )
    except OSError:  # an unreachable mail server must not lose the in-app notification
        logger.exception("notification e-mail %s not sent", notification.pk)


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark `user`'s notifications `ids` (all when None) read. Returns how many changed."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def preference_set(*, user: User, email: bool) -> NotificationPreference:
    pref, _ = NotificationPreference.objects.update_or_create(user=user, defaults={"email": email})
    return pref

"""Who may open which notification: its recipient only (404 for anyone else)."""

from django.http import Http404

from accounts.models import User
from notifications.models import Notification


def get_notification_for_user(user: User, pk: int) -> Notification:
    notification = Notification.objects.for_user(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification

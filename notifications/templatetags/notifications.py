"""The header's unread count."""

from django import template

from notifications.models import Notification

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    return Notification.objects.for_user(user).unread().count()

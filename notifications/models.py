"""What readers are told: an in-app notification centre, and e-mail for those who want it."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", "Reply"
        MENTION = "mention", "Mention"
        MODERATION = "moderation", "Moderation"
        FLAG_OUTCOME = "flag_outcome", "Outcome of your flag"
        APPEAL = "appeal", "Appeal"
        SANCTION = "sanction", "Suspension"
        SUGGESTION = "suggestion", "Your suggested correction"
        RELEASE = "release", "Scores and feedback"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)  # a site path
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient}: {self.text[:40]}"

    def get_absolute_url(self):
        return reverse("notifications:open", kwargs={"pk": self.pk})

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A reader's choices; a reader without a row gets the defaults (e-mail on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField("Also send notifications by e-mail", default=True)

    def __str__(self):
        return f"preferences of {self.user}"

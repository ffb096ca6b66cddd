from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A reader. Staff users edit editions and moderate public content."""

    display_name = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.get_display_name()

    def get_display_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

"""Reading groups, who belongs to them in which role, and the codes that let people join."""

from django.db import models
from django.urls import reverse
from django.utils import timezone


class ReadingGroupQuerySet(models.QuerySet):
    def for_user(self, user):
        """Groups `user` belongs to (none for anonymous users)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class ReadingGroup(models.Model):
    """A reading group or a seminar whose members share annotations.

    `kind` leaves room for seminars (instructor / TA / student roles, assignments): they
    reuse Membership with their own roles, mapped onto the owner / moderator / member rights.
    """

    class Kind(models.TextChoices):
        READING = "reading", "Reading group"
        SEMINAR = "seminar", "Seminar"

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.READING)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = ReadingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:group", kwargs={"pk": self.pk})


class MembershipQuerySet(models.QuerySet):
    """Chainable filters over memberships: `Membership.objects.of(user).managing()`."""

    def of(self, user):
        """Memberships of `user` (none for anonymous users)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def in_group(self, group_id: int):
        """Memberships of the group `group_id`."""
        return self.filter(group_id=group_id)

    def with_role(self, *roles: str):
        """Memberships in one of `roles`."""
        return self.filter(role__in=roles)

    def managing(self):
        """Owners and moderators: the members who manage their group."""
        return self.with_role(*Membership.MANAGING_ROLES)

    def group_ids(self):
        """The groups' ids, usable as a subquery (`group_id__in=...`)."""
        return self.values_list("group_id", flat=True)

    def user_ids(self):
        """The members' ids, usable as a subquery (`author_id__in=...`)."""
        return self.values_list("user_id", flat=True)


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        MODERATOR = "moderator", "Moderator"
        MEMBER = "member", "Member"

    MANAGING_ROLES = (Role.OWNER, Role.MODERATOR)

    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} in {self.group} ({self.role})"

    @property
    def can_manage(self) -> bool:
        return self.role in self.MANAGING_ROLES


class GroupInviteQuerySet(models.QuerySet):
    def usable(self):
        """Invites neither revoked nor expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class GroupInvite(models.Model):
    """A join code (and link) for a group. Revoked invites are kept, with who and when."""

    group = models.ForeignKey(ReadingGroup, on_delete=models.CASCADE, related_name="invites")
    code = models.CharField(max_length=32, unique=True)
    role = models.CharField(
        max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)

    objects = GroupInviteQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.code} for {self.group}"

    def get_absolute_url(self):
        return reverse("groups:group-join", kwargs={"code": self.code})

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

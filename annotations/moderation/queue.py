"""The moderation queue: the items a moderator may act on that wait for a decision,
filtered by reason, edition, group and age."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from annotations.models import Annotation
from annotations.moderation.access import events_seen_by, moderatable_by
from annotations.moderation.models import FLAG_REASONS, Appeal, Flag, ModerationEvent
from config.params import id_parse
from edition.access import visible_editions
from edition.models import Edition
from groups.access import managed_group_ids
from groups.models import ReadingGroup

AGES = {"1h": timedelta(hours=1), "1d": timedelta(days=1), "7d": timedelta(days=7)}
SHOW = [
    ("waiting", "Waiting for a decision"),
    ("appeals", "Open appeals"),
    ("hidden", "Hidden and spam"),
    ("all", "Everything I moderate"),
]


class QueueFilterForm(forms.Form):
    show = forms.ChoiceField(choices=SHOW, required=False)
    reason = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any reason"),
            ("held", "Held (pre-moderation, new account, spam signal)"),
            *FLAG_REASONS,
        ],
    )
    edition = forms.ModelChoiceField(
        queryset=Edition.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label="Any edition",
    )
    group = forms.CharField(required=False)  # a group id, or "public"
    age = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any age"),
            ("1h", "Waiting 1 hour+"),
            ("1d", "Waiting 1 day+"),
            ("7d", "Waiting 7 days+"),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = visible_editions(user, Edition.objects.order_by("slug"))
        groups = ReadingGroup.objects.filter(pk__in=managed_group_ids(user))
        choices = [("", "Any group")]
        if user.is_staff:
            choices.append(("public", "Public (site-wide)"))
        self.group_choices = choices + [(str(g.pk), g.name) for g in groups]
        self.fields["group"].widget = forms.Select(choices=self.group_choices)


def _base(user):
    open_flags = Flag.objects.filter(outcome="").order_by("created")
    open_appeal = Appeal.objects.filter(event__annotation=OuterRef("pk"), status=Appeal.Status.OPEN)
    return (
        moderatable_by(user)
        .exclude(author=user)
        .exclude(deleted=True)
        .select_related(
            "author", "edition__work", "group", "selection__passage__section", "status_event"
        )
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
        .annotate(
            first_flag=Min("flags__created", filter=Q(flags__outcome="")),
            flag_count=Count("flags", filter=Q(flags__outcome=""), distinct=True),
            has_open_appeal=Exists(open_appeal),
        )
    )


def queue_items(user, params) -> list[Annotation]:
    """The queue for `user`, oldest waiting first. `params` is a QueryDict of the filters."""
    form = QueueFilterForm(params, user=user)
    form.is_valid()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    items = _base(user)
    show = data.get("show") or "waiting"
    pending = Q(status=Annotation.Status.PENDING)
    if show == "waiting":
        items = items.filter(pending | Q(flag_count__gt=0) | Q(has_open_appeal=True))
    elif show == "appeals":
        items = items.filter(has_open_appeal=True)
    elif show == "hidden":
        items = items.filter(status__in=[Annotation.Status.HIDDEN, Annotation.Status.SPAM])
    reason = data.get("reason")
    if reason == "held":
        items = items.filter(pending)
    elif reason:
        items = items.filter(flags__outcome="", flags__reason=reason).distinct()
    if data.get("edition"):
        items = items.filter(edition=data["edition"])
    group = data.get("group")
    if group == "public":
        items = items.filter(visibility=Annotation.Visibility.PUBLIC)
    elif group_id := id_parse(group):
        items = items.filter(group_id=group_id)
    items = items.annotate(waiting_since=Coalesce("first_flag", "created"))
    if data.get("age"):
        items = items.filter(waiting_since__lte=timezone.now() - AGES[data["age"]])
    return list(items.order_by("waiting_since", "pk"))


def author_history(annotations: list[Annotation], *, user) -> dict[int, dict]:
    """Per author of `annotations`: counts of their items by status, and their last
    decisions (for the queue's "author's history"), within what `user` moderates."""
    author_ids = {a.author_id for a in annotations}
    counts = {}
    rows = (
        moderatable_by(user)
        .filter(author_id__in=author_ids)
        .values("author_id", "status")
        .order_by()
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["author_id"], {})[row["status"]] = row["n"]
    events = (
        ModerationEvent.objects.filter(
            events_seen_by(user), subject_id__in=author_ids, moderator__isnull=False
        )
        .select_related("moderator")
        .order_by("-created")[:200]
    )
    history = {pk: {"counts": counts.get(pk, {}), "events": []} for pk in author_ids}
    for event in events:
        if len(history[event.subject_id]["events"]) < 5:
            history[event.subject_id]["events"].append(event)
    return history

"""Moderation over the API: flag, decide, appeal, decide appeals, read the queue.

Plain JSON (not W3C): these are Lectio operations on annotations, not annotations.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from annotations.access import get_annotation_for_user
from annotations.api import W3CApi
from annotations.models import Annotation
from annotations.moderation import services
from annotations.moderation.access import (
    can_flag,
    get_annotation_for_moderator,
    get_appeal_for_moderator,
    get_event_for_appeal,
    is_moderator,
)
from annotations.moderation.models import FLAG_REASONS, Reason
from annotations.moderation.queue import queue_items
from annotations.moderation.ratelimits import rate_limit_hit
from annotations.serializers import AnnotationOutputSerializer


class FlagInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=FLAG_REASONS)
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DecisionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=services.DECISIONS)
    reason = serializers.ChoiceField(choices=Reason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    version = serializers.IntegerField(min_value=1)


class AppealInput(serializers.Serializer):
    text = serializers.CharField(max_length=2000)


class AppealDecisionInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["uphold", "overturn"])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def _read(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def annotation_state(annotation: Annotation, user) -> dict:
    """The item as a moderator sees it: W3C JSON, plus its version and full body."""
    fresh = Annotation.objects.for_viewer(user).get(pk=annotation.pk)
    data = AnnotationOutputSerializer(fresh, context={"user": user}).data
    return {
        "annotation": data,
        "status": fresh.status,
        "version": fresh.version,
        "locked": fresh.locked,
        "body": fresh.body,
    }


def event_json(event) -> dict:
    return {
        "id": event.pk,
        "action": event.action,
        "oldStatus": event.old_status,
        "newStatus": event.new_status,
        "reason": event.reason,
        "note": event.note,
        "moderator": event.moderator.username if event.moderator_id else None,
        "created": event.created.isoformat(),
    }


class PlainJson(BaseContentNegotiation):
    """Always JSON, whatever the client accepts (the reader UI asks for JSON-LD)."""

    def select_parser(self, request, parsers):
        return DefaultContentNegotiation().select_parser(request, parsers)

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ModerationApi(W3CApi):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = PlainJson

    def handle_exception(self, exc):
        if isinstance(exc, services.StaleDecision):
            body = {"detail": str(exc), **annotation_state(exc.current, self.request.user)}
            return Response(body, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, services.DuplicateFlag):
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, services.ModerationError):
            exc = ValidationError({"detail": str(exc)})
        return super().handle_exception(exc)


class FlagCreateApi(ModerationApi):
    @extend_schema(
        summary="Flag an annotation or reply for moderators",
        request=OpenApiTypes.OBJECT,
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request, pk):
        """One flag per reader and item (409 for a second); 429 past the rate limit."""
        annotation = get_annotation_for_user(request.user, pk, queryset=Annotation.objects.all())
        if not can_flag(request.user, annotation):
            raise ValidationError({"detail": "You cannot flag this item."})
        data = _read(FlagInput, request)
        rate_limit_hit(user=request.user, action="flag")
        flag = services.flag_create(annotation=annotation, flagger=request.user, **data)
        return Response(
            {
                "id": flag.pk,
                "reason": flag.reason,
                "outcome": "open",
                "created": flag.created.isoformat(),
            },
            status=status.HTTP_201_CREATED,
        )


class DecisionCreateApi(ModerationApi):
    @extend_schema(
        summary="Decide on an annotation: approve, hide, spam, restore, lock, unlock",
        request=OpenApiTypes.OBJECT,
        responses=OpenApiTypes.OBJECT,
    )
    def post(self, request, pk):
        """Moderators of the item only (not its author). `version` is the one you loaded:
        409 with the current state when the item changed since."""
        annotation = get_annotation_for_moderator(request.user, pk)
        data = _read(DecisionInput, request)
        event = services.annotation_moderate(annotation=annotation, moderator=request.user, **data)
        return Response({"event": event_json(event), **annotation_state(annotation, request.user)})


class AppealCreateApi(ModerationApi):
    @extend_schema(
        summary="Appeal the decision that hid your annotation (once)",
        request=OpenApiTypes.OBJECT,
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request, pk):
        event = get_event_for_appeal(request.user, pk)
        data = _read(AppealInput, request)
        appeal = services.appeal_create(event=event, author=request.user, text=data["text"])
        return Response(
            {"id": appeal.pk, "status": appeal.status, "decision": event_json(event)},
            status=status.HTTP_201_CREATED,
        )


class AppealDecisionApi(ModerationApi):
    @extend_schema(
        summary="Decide an appeal (another moderator than the one who decided)",
        request=OpenApiTypes.OBJECT,
        responses=OpenApiTypes.OBJECT,
    )
    def post(self, request, pk):
        appeal = get_appeal_for_moderator(request.user, pk)
        data = _read(AppealDecisionInput, request)
        event = services.appeal_decide(
            appeal=appeal,
            moderator=request.user,
            overturn=data["decision"] == "overturn",
            note=data["note"],
        )
        appeal.refresh_from_db()
        return Response({"id": appeal.pk, "status": appeal.status, "event": event_json(event)})


class QueueApi(ModerationApi):
    @extend_schema(
        summary="The moderation queue: items you may act on that need a decision",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        """Filters as on the queue page: `reason`, `edition`, `group`, `age`, `show`."""
        if not is_moderator(request.user):
            raise Http404("No queue.")
        items = queue_items(request.user, request.GET)[:200]
        return Response(
            {
                "total": len(items),
                "items": [
                    {
                        "id": a.pk,
                        "iri": a.get_iri(),
                        "status": a.status,
                        "version": a.version,
                        "locked": a.locked,
                        "author": a.author.username,
                        "edition": a.edition.slug,
                        "group": a.group_id,
                        "created": a.created.isoformat(),
                        "body": a.body,
                        "flags": [{"reason": f.reason, "text": f.text} for f in a.open_flags],
                        "waitingSince": a.waiting_since.isoformat() if a.waiting_since else None,
                    }
                    for a in items
                ],
            }
        )

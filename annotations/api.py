"""The W3C Web Annotation Protocol over DRF: one APIView per operation.

Routes that serve several methods combine the operation views (see api_urls.py).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import (
    APIException,
    NotFound,
    PermissionDenied,
    Throttled,
    ValidationError,
)
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import services
from annotations.access import get_annotation_for_user, write_origin_allowed
from annotations.filters import AnnotationFilter
from annotations.models import Annotation
from annotations.moderation.ratelimits import RateLimited, rate_limit_hit
from annotations.renderers import LD_CONTENT_TYPE, JSONLDParser, JSONLDRenderer
from annotations.serializers import (
    PREFER_IRIS,
    PREFER_MINIMAL,
    AnnotationInputSerializer,
    AnnotationOutputSerializer,
    container_json,
    page_json,
)
from annotations.suggestions import suggestion_create
from config.parsers import JSONParser
from edition.access import annotatable_passages, visible_sections
from edition.anchoring import TargetPiece
from groups.models import Membership, ReadingGroup

PAGE_SIZE = 100
PAGE_SIZE_MAX = 1000
LDP = "http://www.w3.org/ns/ldp#"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "If-Match does not match the current ETag: fetch the annotation again."


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send If-Match with the annotation's ETag."


def _first_error(detail) -> str:
    if isinstance(detail, dict):
        key, value = next(iter(detail.items()))
        message = _first_error(value)
        return message if key in {"non_field_errors", "detail"} else f"{key}: {message}"
    if isinstance(detail, list):
        return _first_error(detail[0])
    return str(detail)


class W3CApi(APIView):
    """Shared by the annotation operations: JSON-LD in and out, Link headers, errors."""

    # Token first, so that unauthenticated clients get 401 with WWW-Authenticate.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    renderer_classes = [JSONLDRenderer, JSONRenderer]
    parser_classes = [JSONLDParser, JSONParser]
    link_type = f'<{LDP}Resource>; rel="type"'
    allow = "GET, HEAD, OPTIONS"

    def initial(self, request, *args, **kwargs):
        # DRF parses the body from the stream, which Django's DATA_UPLOAD_MAX_MEMORY_SIZE
        # check never sees: the cap is applied here, before anything is read.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _content_length(request) > limit:
            raise RequestTooLarge(
                f"The request body is larger than {limit:,} bytes; an annotation is far smaller."
            )
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not write_origin_allowed(request):
            raise PermissionDenied(
                "Writes from this origin are not accepted: the site lists the origins it "
                "accepts writes from (ANNOTATION_WRITE_ORIGINS)."
            )

    def handle_exception(self, exc):
        if isinstance(exc, RateLimited):
            exc = Throttled(wait=exc.retry_after, detail=exc.message)
        elif isinstance(exc, services.AnnotationChanged):
            exc = PreconditionFailed()
        elif isinstance(exc, services.PostingNotAllowed):
            exc = PermissionDenied(str(exc))
        elif isinstance(exc, services.AnnotationError):
            exc = ValidationError({"detail": str(exc)})
        elif isinstance(exc, ValidationError):
            exc = ValidationError({"detail": _first_error(exc.detail)})
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(getattr(response, "accepted_renderer", None), JSONLDRenderer):
            response.content_type = LD_CONTENT_TYPE
        response["Link"] = self.link_type
        response["Allow"] = self.allow
        patch_vary_headers(response, ["Accept", "Prefer", "Cookie", "Authorization"])
        return response


def _annotation_response(request, pk: int, *, status_code=200, location=False) -> Response:
    annotation = get_annotation_for_user(
        request.user, pk, queryset=Annotation.objects.for_viewer(request.user)
    )
    data = AnnotationOutputSerializer(annotation, context={"user": request.user}).data
    headers = {"ETag": annotation.etag}
    if location:
        headers["Location"] = data["id"]
    return Response(data, status=status_code, headers=headers)


def _read_input(request, *, with_target: bool) -> dict:
    serializer = AnnotationInputSerializer(data=request.data, context={"with_target": with_target})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _group(group_id: int | None) -> ReadingGroup | None:
    if group_id is None:
        return None
    group = ReadingGroup.objects.filter(pk=group_id).first()
    if group is None:
        raise services.AnnotationError("lectio.group: not a group of yours")
    return group


def _pieces(raw: list[dict], user) -> list[TargetPiece]:
    """The target's pieces, their passages read in one query among those `user` may
    annotate; 404 if one is unknown."""
    wanted = Q()
    for item in raw:
        wanted |= Q(edition__slug=item["edition"], anchor=item["anchor"])
    found = {
        (p.edition.slug, p.anchor): p
        for p in annotatable_passages(user).select_related("edition").filter(wanted, retired=False)
    }
    pieces = []
    for item in raw:
        passage = found.get((item["edition"], item["anchor"]))
        if passage is None:
            raise Http404("No such passage.")
        pieces.append(
            TargetPiece(
                passage=passage,
                start=item.get("start"),
                end=item.get("end"),
                exact=item.get("exact"),
                prefix=item.get("prefix"),
                suffix=item.get("suffix"),
            )
        )
    return pieces


class _Paging:
    def __init__(self, request):
        try:
            self.page = int(request.GET.get("page", 0))
            self.limit = int(request.GET.get("limit", PAGE_SIZE))
        except ValueError:
            raise ValidationError("page and limit must be integers")
        if self.page < 0 or not 1 <= self.limit <= PAGE_SIZE_MAX:
            raise ValidationError(f"page must be >= 0 and limit between 1 and {PAGE_SIZE_MAX}")
        self.explicit = "page" in request.GET
        params = request.GET.copy()
        params.pop("page", None)
        self.base = settings.SITE_URL + request.path
        self.query = params.urlencode()

    def container_iri(self) -> str:
        return f"{self.base}?{self.query}" if self.query else self.base

    def page_iri(self, page: int) -> str:
        return f"{self.base}?{self.query + '&' if self.query else ''}page={page}"


def _prefer(request) -> str:
    prefer = request.headers.get("Prefer", "")
    if PREFER_MINIMAL in prefer:
        return "minimal"
    if PREFER_IRIS in prefer:
        return "iris"
    return "descriptions"


FILTER_PARAMETERS = [
    OpenApiParameter(name, description=text)
    for name, text in [
        ("edition", "edition slug"),
        ("section", "section slug (with edition)"),
        ("passage", "passage anchor (with edition)"),
        ("user", "author's username"),
        ("tag", "a tag"),
        ("group", "group id"),
        ("motivation", "e.g. highlighting"),
        ("parent", "annotation id: its direct replies"),
        ("page", "page number from 0"),
        ("limit", f"page size, at most {PAGE_SIZE_MAX}"),
    ]
]


class AnnotationListApi(W3CApi):
    @extend_schema(
        summary="The annotations you may see, paged and filtered",
        operation_id="annotations_list",
        parameters=FILTER_PARAMETERS,
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        """The container (or, with `page`, one AnnotationPage) of visible annotations."""
        filtered = AnnotationFilter(
            request.GET, queryset=Annotation.objects.visible_to(request.user), request=request
        )
        if not filtered.is_valid():
            raise ValidationError(filtered.errors)
        paging, prefer = _Paging(request), _prefer(request)
        queryset = filtered.qs.for_viewer(request.user).reading_order()
        total = queryset.count()
        last = max(0, (total - 1) // paging.limit)
        if paging.page > last:
            raise NotFound("No such page.")
        annotations = (
            []
            if prefer == "minimal" and not paging.explicit
            else list(queryset[paging.page * paging.limit : (paging.page + 1) * paging.limit])
        )
        page = page_json(
            annotations=annotations,
            page_iri=paging.page_iri(paging.page),
            container_iri=paging.container_iri(),
            total=total,
            start_index=paging.page * paging.limit,
            prev_iri=paging.page_iri(paging.page - 1) if paging.page > 0 else None,
            next_iri=paging.page_iri(paging.page + 1) if paging.page < last else None,
            user=request.user,
            iris_only=prefer == "iris",
            embedded=not paging.explicit,
        )
        if paging.explicit:
            return Response(page)
        data = container_json(
            container_iri=paging.container_iri(),
            total=total,
            first_iri=paging.page_iri(0),
            last_iri=paging.page_iri(last),
            first_page=None if prefer == "minimal" else page,
        )
        headers = {
            "Content-Location": paging.container_iri(),
            "ETag": _content_etag(data),
            "Accept-Post": LD_CONTENT_TYPE,
        }
        if "Prefer" in request.headers:
            headers["Preference-Applied"] = "return=representation"
        return Response(data, headers=headers)


def _content_etag(data: dict) -> str:
    """A strong ETag of a container's representation: its JSON, hashed."""
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return f'"{digest[:32]}"'


class AnnotationCreateApi(W3CApi):
    @extend_schema(
        summary="Create an annotation or a reply",
        request=OpenApiTypes.OBJECT,
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        """Create from W3C JSON; 201 with Location and ETag. Errors name the failed check."""
        data = _read_input(request, with_target=True)
        editing = data["motivation"] == Annotation.Motivation.EDITING  # always public
        private = (data["visibility"] or "private") == "private"
        reaches_others = "reply_to" in data or editing or not private
        rate_limit_hit(user=request.user, action="post" if reaches_others else "note")
        if "reply_to" in data:
            parent = get_annotation_for_user(
                request.user, data["reply_to"], queryset=Annotation.objects.all()
            )
            annotation = services.reply_create(
                author=request.user, parent=parent, body=data["body"], tags=data["tags"]
            )
        elif data["motivation"] == Annotation.Motivation.EDITING:
            annotation = _suggest(request, data)
        else:
            annotation = services.annotation_create(
                author=request.user,
                pieces=_pieces(data["pieces"], request.user),
                body=data["body"],
                tags=data["tags"],
                motivation=data["motivation"] or "commenting",
                visibility=data["visibility"] or Annotation.Visibility.PRIVATE,
                group=_group(data["group_id"]),
                w3c=_created_w3c(data),
            )
        return _annotation_response(request, annotation.pk, status_code=201, location=True)


def _created_w3c(data: dict) -> dict:
    """The kept W3C properties of a new annotation: an id the client gave it becomes `via`,
    since the server names the annotation itself."""
    w3c = dict(data["w3c"])
    if data["client_id"] and "via" not in w3c:
        w3c["via"] = data["client_id"]
    return w3c


def _suggest(request, data: dict) -> Annotation:
    """A suggested correction: one span and a body with purpose "editing"."""
    pieces = _pieces(data["pieces"], request.user)
    if len(pieces) != 1 or data.get("replacement") is None:
        raise services.AnnotationError(
            "body: a suggested correction needs one target span and a body with purpose "
            "editing holding the proposed text"
        )
    return suggestion_create(
        author=request.user,
        piece=pieces[0],
        replacement=data["replacement"],
        justification=data["body"],
    ).annotation


class AnnotationContainerApi(AnnotationListApi, AnnotationCreateApi):
    """GET and POST on /api/annotations/."""

    allow = "GET, HEAD, OPTIONS, POST"

    link_type = (
        f'<{LDP}BasicContainer>; rel="type", '
        "<http://www.w3.org/TR/annotation-protocol/>; "
        f'rel="{LDP}constrainedBy"'
    )


def _check_if_match(request, annotation: Annotation) -> None:
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    if "*" not in tags and annotation.etag not in tags:
        raise PreconditionFailed()


class AnnotationDetailApi(W3CApi):
    @extend_schema(
        summary="One annotation", operation_id="annotations_retrieve", responses=OpenApiTypes.OBJECT
    )
    def get(self, request, pk):
        """The annotation with its ETag; 304 for a matching If-None-Match; 404 if unseen."""
        response = _annotation_response(request, pk)
        if request.headers.get("If-None-Match") == response["ETag"]:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": response["ETag"]})
        return response


class AnnotationUpdateApi(W3CApi):
    @extend_schema(
        summary="Replace an annotation's body, tags and visibility",
        request=OpenApiTypes.OBJECT,
        responses=OpenApiTypes.OBJECT,
    )
    def put(self, request, pk):
        """Author only, with If-Match (428 without, 412 when stale)."""
        annotation = get_annotation_for_user(
            request.user, pk, write=True, queryset=Annotation.objects.all()
        )
        _check_if_match(request, annotation)
        with_target = isinstance(request.data, dict) and request.data.get("target") is not None
        data = _read_input(request, with_target=with_target)
        if with_target:
            _check_same_target(annotation, data)
        services.annotation_update(
            annotation=annotation,
            editor=request.user,
            body=data["body"],
            tags=data["tags"],
            visibility=data["visibility"],
            group=_group(data["group_id"]),
            w3c=data["w3c"],
        )
        return _annotation_response(request, pk)


def _check_same_target(annotation: Annotation, data: dict) -> None:
    """A PUT may resend the target but not move it (services.annotation_target_check)."""
    if annotation.is_reply or "reply_to" in data:
        if data.get("reply_to") != annotation.parent_id:
            raise services.AnnotationError("target: a reply's target cannot be changed")
        return
    services.annotation_target_check(
        annotation=annotation, pieces=_pieces(data["pieces"], annotation.author)
    )


class AnnotationDeleteApi(W3CApi):
    @extend_schema(summary="Delete an annotation", responses={204: None})
    def delete(self, request, pk):
        """Author only, with If-Match. With replies it stays as a tombstone."""
        annotation = get_annotation_for_user(
            request.user, pk, write=True, queryset=Annotation.objects.all()
        )
        _check_if_match(request, annotation)
        services.annotation_delete(annotation=annotation, editor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnnotationItemApi(AnnotationDetailApi, AnnotationUpdateApi, AnnotationDeleteApi):
    """GET, PUT and DELETE on /api/annotations/<id>/."""

    allow = "GET, HEAD, OPTIONS, PUT, DELETE"


def _counts(row: dict) -> dict:
    """Counts of a passage; `hidden` (placeholders) only when there are any."""
    counts = {"annotations": row["annotations"], "replies": row["replies"]}
    if row["hidden"]:
        counts["hidden"] = row["hidden"]
    return counts


class AnnotationCountsApi(W3CApi):
    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="Visible annotations per passage of a section",
        parameters=FILTER_PARAMETERS[:2],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        """Counts of the annotations and replies `request.user` may see, per passage;
        placeholders of hidden items are counted apart, as `hidden`."""
        edition, slug = request.GET.get("edition"), request.GET.get("section")
        if not edition or not slug:
            raise ValidationError("edition and section are required")
        section = get_object_or_404(
            visible_sections(request.user), edition__slug=edition, slug=slug
        )
        user = request.user
        full = Q(status=Annotation.Status.APPROVED)
        if user.is_authenticated:
            full |= Q(author=user)
        rows = (
            Annotation.objects.visible_to(user)
            .for_section(section)
            .filter(deleted=False)
            .values("selection__passage__anchor")
            .order_by()
            .annotate(
                annotations=Count("pk", filter=full & Q(root__isnull=True)),
                replies=Count("pk", filter=full & Q(root__isnull=False)),
                hidden=Count("pk", filter=~full),
            )
        )
        passages = {r["selection__passage__anchor"]: _counts(r) for r in rows}
        return Response({"edition": edition, "section": slug, "passages": passages})


class MeApi(W3CApi):
    renderer_classes = [JSONRenderer]

    @extend_schema(summary="The signed-in user and their groups", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        user = request.user
        if not user.is_authenticated:
            return Response({"authenticated": False, "groups": []})
        memberships = Membership.objects.of(user).select_related("group")
        return Response(
            {
                "authenticated": True,
                "username": user.username,
                "name": user.get_display_name(),
                "groups": [
                    {"id": m.group_id, "name": m.group.name, "role": m.role} for m in memberships
                ],
                "tokenPage": request.build_absolute_uri(reverse("accounts:token")),
            }
        )

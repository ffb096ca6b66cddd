"""Moderation pages (HTML, work without JavaScript): the queue and decisions, flags,
appeals, suspensions, group settings, and for staff the log and the statistics."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from annotations.access import get_annotation_for_user
from annotations.exports import cell
from annotations.models import Annotation
from annotations.moderation import holds, sanctions, services
from annotations.moderation.access import (
    can_flag,
    can_sanction,
    get_annotation_for_moderator,
    get_appeal_for_moderator,
    get_event_for_appeal,
    get_sanction_for_moderator,
    is_moderator,
    liftable_sanctions,
    managed_group_ids,
    require_staff,
)
from annotations.moderation.forms import (
    AppealDecisionForm,
    AppealForm,
    BulkDecisionForm,
    DecisionForm,
    FlagForm,
    GroupModerationForm,
    SanctionForm,
)
from annotations.moderation.models import GroupModeration, ModerationEvent
from annotations.moderation.queue import QueueFilterForm, author_history, queue_items
from annotations.moderation.ratelimits import RateLimited, rate_limit_hit
from annotations.moderation.stats import moderation_stats
from config.params import id_parse, ids_parse
from groups.access import get_group_for_user
from groups.models import ReadingGroup


def _back(request, default="annotations:queue"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


def _rate_limited(request, error: RateLimited) -> HttpResponse:
    response = render(
        request, "moderation/rate_limited.html", {"message": error.message}, status=429
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def _require_moderator(user) -> None:
    if not is_moderator(user):
        raise Http404("No moderation queue.")


@login_required
@require_safe
def queue(request):
    """Items waiting for a decision across every edition and group `request.user` moderates."""
    _require_moderator(request.user)
    items = queue_items(request.user, request.GET)
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    groups = ReadingGroup.objects.filter(pk__in=managed_group_ids(request.user))
    return render(
        request,
        "moderation/queue.html",
        {
            "page": page,
            "filters": QueueFilterForm(request.GET, user=request.user),
            "history": author_history(page.object_list, user=request.user),
            "bulk_form": BulkDecisionForm(),
            "groups": groups,
            "total": len(items),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_POST
def decide(request, pk):
    annotation = get_annotation_for_moderator(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a decision and a reason.")
        return _back(request)
    try:
        services.annotation_moderate(
            annotation=annotation, moderator=request.user, **form.cleaned_data
        )
    except services.StaleDecision as stale:
        return render(
            request,
            "moderation/conflict.html",
            {"message": str(stale), "a": stale.current, "form": form},
            status=409,
        )
    except services.ModerationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Decision recorded: {form.cleaned_data['action']}.")
    return _back(request)


@login_required
@require_POST
def decide_bulk(request):
    _require_moderator(request.user)
    form = BulkDecisionForm(request.POST)
    ids = ids_parse(request.POST.getlist("items"))
    if not form.is_valid() or not ids:
        messages.error(request, "Select items, a decision and a reason.")
        return _back(request)
    chosen = []
    for pk in ids:
        annotation = get_annotation_for_moderator(request.user, pk)
        version = request.POST.get(f"version-{pk}", "")
        chosen.append((annotation, id_parse(version) or 0))
    result = services.annotations_moderate_many(
        moderator=request.user, decisions=chosen, **form.cleaned_data
    )
    messages.success(request, f"{len(result['done'])} decided.")
    if result["stale"]:
        messages.warning(
            request,
            f"{len(result['stale'])} changed since you loaded the page "
            "and were left alone: look at them again.",
        )
    if result["refused"]:
        messages.warning(request, f"{len(result['refused'])} could not take that decision.")
    return _back(request)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def flag(request, pk):
    annotation = get_annotation_for_user(request.user, pk, queryset=Annotation.objects.all())
    if not can_flag(request.user, annotation):
        raise Http404("Nothing to flag.")
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit_hit(user=request.user, action="flag")
            services.flag_create(annotation=annotation, flagger=request.user, **form.cleaned_data)
        except RateLimited as error:
            return _rate_limited(request, error)
        except services.ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Thank you: moderators will look at it, and you will be told the outcome."
            )
            return redirect(f"{annotation.get_absolute_url()}#a-{annotation.pk}")
    return render(request, "moderation/flag.html", {"form": form, "a": annotation})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def appeal(request, pk):
    event = get_event_for_appeal(request.user, pk)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_create(event=event, author=request.user, text=form.cleaned_data["text"])
        except services.ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Appeal sent: another moderator will decide, and you will be told."
            )
            return redirect(event.annotation)
    return render(
        request, "moderation/appeal.html", {"form": form, "event": event, "a": event.annotation}
    )


@login_required
@require_POST
def appeal_decide(request, pk):
    appeal_row = get_appeal_for_moderator(request.user, pk)
    form = AppealDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_decide(
                appeal=appeal_row,
                moderator=request.user,
                overturn=form.cleaned_data["decision"] == "overturn",
                note=form.cleaned_data["note"],
            )
        except services.ModerationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Appeal decided; both sides are told.")
    else:
        messages.error(request, "Choose to uphold or overturn.")
    return _back(request)


SITE_WIDE = "site"


def _sanction_places(user) -> list[tuple[str, str]]:
    # A real value: the field is required, and an empty option reads as "choose one".
    places = [(SITE_WIDE, "Site-wide (public posting)")] if user.is_staff else []
    groups = ReadingGroup.objects.filter(pk__in=managed_group_ids(user))
    return places + [(str(g.pk), f"Group: {g.name}") for g in groups]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sanction_list(request):
    """Active suspensions the moderator may see and lift, and a form for a new one."""
    _require_moderator(request.user)
    form = SanctionForm(
        request.POST or None,
        group_choices=_sanction_places(request.user),
        initial={"username": request.GET.get("user", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = (
            get_group_for_user(request.user, int(data["group"]), manage=True)
            if data["group"] != SITE_WIDE
            else None
        )
        target = User.objects.filter(username=data["username"]).first()
        if target is None:
            form.add_error("username", "No such user.")
        elif not can_sanction(request.user, group):
            form.add_error("group", "Only staff suspend site-wide.")
        else:
            try:
                sanctions.sanction_create(
                    user=target,
                    moderator=request.user,
                    group=group,
                    days=data["days"],
                    reason=data["reason"],
                    note=data["note"],
                )
            except sanctions.SanctionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{target} is suspended for {data['days']} days.")
                return redirect("annotations:sanctions")
    active = liftable_sanctions(request.user).select_related("user", "group", "moderator")
    return render(request, "moderation/sanctions.html", {"form": form, "active": active})


@login_required
@require_POST
def sanction_lift(request, pk):
    sanction = get_sanction_for_moderator(request.user, pk)
    try:
        sanctions.sanction_lift(
            sanction=sanction, moderator=request.user, note=request.POST.get("note", "")[:2000]
        )
    except sanctions.SanctionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Suspension lifted.")
    return redirect("annotations:sanctions")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_settings(request, pk):
    group = get_group_for_user(request.user, pk, manage=True)
    current = GroupModeration.objects.filter(group=group).first()
    form = GroupModerationForm(
        request.POST or None, initial={"premoderate": bool(current and current.premoderate)}
    )
    if request.method == "POST" and form.is_valid():
        holds.group_premoderation_set(group=group, premoderate=form.cleaned_data["premoderate"])
        messages.success(request, "Moderation settings saved.")
        return redirect("annotations:group-moderation", pk=group.pk)
    return render(request, "moderation/group_settings.html", {"form": form, "group": group})


@login_required
@require_safe
def stats(request):
    require_staff(request.user)
    return render(request, "moderation/stats.html", {"stats": moderation_stats()})


def _log_events():
    return ModerationEvent.objects.select_related("moderator", "subject", "group", "annotation")


@login_required
@require_safe
def log(request):
    require_staff(request.user)
    page = Paginator(_log_events(), 100).get_page(request.GET.get("page"))
    return render(request, "moderation/log.html", {"page": page})


LOG_COLUMNS = [
    "id",
    "created",
    "action",
    "moderator",
    "subject",
    "annotation",
    "group",
    "old_status",
    "new_status",
    "reason",
    "note",
]


@login_required
@require_safe
def log_csv(request):
    require_staff(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lectio-moderation-log.csv"'
    writer = csv.writer(response)
    writer.writerow(LOG_COLUMNS)
    for e in _log_events().order_by("created", "pk").iterator(chunk_size=500):
        writer.writerow(
            [
                cell(v)
                for v in [
                    e.pk,
                    e.created.isoformat(),
                    e.action,
                    e.moderator.username if e.moderator else "",
                    e.subject.username,
                    e.annotation_id or "",
                    e.group.name if e.group_id else "",
                    e.old_status,
                    e.new_status,
                    e.reason,
                    e.note,
                ]
            ]
        )
    return response

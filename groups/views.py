"""Group pages: create, join by code or link, see members, invite, leave, change roles."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from groups import services
from groups.access import can_see_members, get_group_for_user, get_membership_for_user
from groups.forms import GroupForm, InviteForm, JoinForm, RoleForm
from groups.models import GroupInvite, Membership, ReadingGroup


@require_safe
@login_required
def group_list(request):
    memberships = (
        Membership.objects.of(request.user).select_related("group").order_by("group__name")
    )
    return render(
        request, "groups/group_list.html", {"memberships": memberships, "join_form": JoinForm()}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_create(request):
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = services.group_create(creator=request.user, **form.cleaned_data)
        messages.success(request, f"Group “{group.name}” created. Invite people with a code.")
        return redirect(group)
    return render(request, "groups/group_form.html", {"form": form})


@require_safe
@login_required
def group_detail(request, pk):
    membership = get_membership_for_user(request.user, pk)
    group = membership.group
    if not can_see_members(membership):
        return redirect("seminars:seminar", pk=group.pk)
    members = group.memberships.select_related("user").order_by("user__username")
    invites = group.invites.select_related("created_by") if membership.can_manage else []
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "membership": membership,
            "members": members,
            "invites": invites,
            "invite_form": InviteForm(),
            "roles": Membership.Role.choices,
            "is_owner": membership.role == Membership.Role.OWNER,
            "now": timezone.now(),
        },
    )


@require_POST
@login_required
def invite_create(request, pk):
    group = get_group_for_user(request.user, pk, manage=True)
    form = InviteForm(request.POST)
    if form.is_valid():
        days = form.cleaned_data["expires_in_days"]
        expires = timezone.now() + timedelta(days=days) if days else None
        invite = services.invite_create(group=group, creator=request.user, expires_at=expires)
        messages.success(request, f"New join code: {invite.code}")
    return redirect(group)


@require_POST
@login_required
def invite_revoke(request, pk, invite_pk):
    group = get_group_for_user(request.user, pk, manage=True)
    services.invite_revoke(invite=get_object_or_404(GroupInvite, group=group, pk=invite_pk))
    messages.success(request, "Invitation revoked.")
    return redirect(group)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_join(request, code=None):
    """Join by link (GET shows the group, POST joins) or by typing a code."""
    form = JoinForm(request.POST or None) if code is None else None
    if form is not None:
        if request.method != "POST" or not form.is_valid():
            return render(request, "groups/group_join.html", {"form": form})
        code = form.cleaned_data["code"]
    invite = GroupInvite.objects.select_related("group").filter(code=code).first()
    if invite is not None and invite.group.kind == ReadingGroup.Kind.SEMINAR:
        return redirect("seminars:join", code=code)  # its rules: joining open, students only
    if invite is None or not invite.is_usable:
        return render(
            request,
            "groups/group_join.html",
            {"form": form or JoinForm(), "invalid": True},
            status=404,
        )
    if request.method != "POST" or form is not None and "confirm" not in request.POST:
        return render(request, "groups/group_join.html", {"invite": invite})
    services.invite_accept(invite=invite, user=request.user)
    messages.success(request, f"You joined “{invite.group.name}”.")
    return redirect(invite.group)


@require_POST
@login_required
def group_leave(request, pk):
    membership = get_membership_for_user(request.user, pk)
    try:
        services.membership_leave(membership=membership)
    except services.GroupError as e:
        messages.error(request, str(e))
        return redirect(membership.group)
    messages.success(request, f"You left “{membership.group.name}”.")
    return redirect("groups:groups")


@require_POST
@login_required
def member_role(request, pk, user_pk):
    group = get_group_for_user(request.user, pk, own=True)
    membership = group.memberships.filter(user_id=user_pk).first()
    form = RoleForm(request.POST)
    if membership is None:
        raise Http404("No such member.")
    if form.is_valid():
        try:
            services.membership_set_role(membership=membership, role=form.cleaned_data["role"])
            messages.success(request, f"{membership.user} is now {membership.get_role_display()}.")
        except services.GroupError as e:
            messages.error(request, str(e))
    return redirect(group)

"""The notification centre: list, open (marks read), mark all read, e-mail preference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from notifications.access import get_notification_for_user
from notifications.forms import PreferenceForm
from notifications.models import Notification, NotificationPreference
from notifications.services import notifications_mark_read, preference_set


@login_required
@require_safe
def notification_list(request):
    notifications = Notification.objects.for_user(request.user).select_related("actor")
    if request.GET.get("show") == "unread":
        notifications = notifications.unread()
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "show": request.GET.get("show", "all"),
            "unread": Notification.objects.for_user(request.user).unread().count(),
        },
    )


@login_required
@require_POST
def notification_open(request, pk):
    notification = get_notification_for_user(request.user, pk)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    url = notification.url
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(url)


@login_required
@require_POST
def notifications_read(request):
    count = notifications_mark_read(user=request.user)
    messages.success(request, f"{count} marked as read.")
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    current = NotificationPreference.objects.filter(user=request.user).first()
    # An unchecked box sends nothing: an empty POST is still a submitted form.
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"email": current.email if current else True},
    )
    if request.method == "POST" and form.is_valid():
        preference_set(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, "Preferences saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})

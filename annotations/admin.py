from django.contrib import admin

from annotations.models import Annotation, AnnotationRevision
from annotations.moderation.models import Appeal, Flag, GroupModeration, ModerationEvent, Sanction


class RevisionInline(admin.TabularInline):
    model = AnnotationRevision
    extra = 0
    can_delete = False
    readonly_fields = ("editor", "body", "tags", "visibility", "deleted", "created")


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "author",
        "edition",
        "selection",
        "motivation",
        "visibility",
        "status",
        "deleted",
        "created",
    )
    list_filter = ("motivation", "visibility", "selection__state", "status", "deleted")
    list_select_related = ("author", "edition__work", "selection")
    raw_id_fields = ("author", "selection", "suggestion", "parent", "root", "group")
    search_fields = ("body", "selection__exact", "author__username")
    inlines = [RevisionInline]


@admin.register(ModerationEvent)
class ModerationEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, and written by annotations/moderation/."""

    list_display = (
        "created",
        "action",
        "moderator",
        "subject",
        "annotation",
        "old_status",
        "new_status",
        "reason",
    )
    list_filter = ("action", "reason")
    raw_id_fields = ("annotation", "moderator", "subject", "group")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("created", "annotation", "flagger", "reason", "outcome")
    list_filter = ("reason", "outcome")
    raw_id_fields = ("annotation", "flagger", "resolved_by")


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("created", "event", "author", "status", "decided_by")
    raw_id_fields = ("event", "author", "decided_by")


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ("user", "group", "moderator", "reason", "starts", "ends", "lifted_at")
    raw_id_fields = ("user", "group", "moderator")


admin.site.register(GroupModeration)

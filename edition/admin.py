"""Staff admin for editions. Texts come in through `manage.py ingest` and change through
versions (edition/versions.py), so passages, corrections and versions are read-only here;
editor roles are granted here or on the edition's Editors page."""

from django.contrib import admin

from edition.models import (
    Correction,
    CorrectionDecision,
    Edition,
    EditionRole,
    EditionVersion,
    FlaggedRegion,
    Passage,
    PassageVersion,
    RegionDecision,
    Section,
    Selection,
    Suggestion,
    SuggestionDecision,
    Work,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by ingestion and the version workflows."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "year")
    search_fields = ("title", "author")


class EditionRoleInline(admin.TabularInline):
    model = EditionRole
    extra = 0
    raw_id_fields = ("user", "granted_by")
    readonly_fields = ("created",)


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ("slug", "work", "kind", "version", "word_count", "ingested_at")
    list_filter = ("kind",)
    list_select_related = ("work",)
    search_fields = ("slug", "work__title")
    # The text is the source as received and the ingest's bookkeeping: never edited here.
    readonly_fields = (
        "work",
        "slug",
        "kind",
        "source_file",
        "raw_sha256",
        "raw_text",
        "version",
        "word_count",
        "report",
        "ingested_at",
    )
    inlines = [EditionRoleInline]

    def has_add_permission(self, request):
        return False


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ("edition", "order", "slug", "role", "number", "title")
    list_filter = ("edition",)
    list_select_related = ("edition",)


@admin.register(Passage)
class PassageAdmin(ReadOnlyAdmin):
    list_display = ("edition", "anchor", "order", "kind", "page", "retired")
    list_filter = ("edition", "kind", "retired")
    list_select_related = ("edition",)
    search_fields = ("anchor", "text")


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = (
        "passage",
        "stage",
        "rule",
        "original",
        "replacement",
        "confidence",
        "decision",
        "superseded",
    )
    list_filter = ("stage", "decision", "superseded")
    list_select_related = ("passage",)
    search_fields = ("original", "replacement", "rule")


@admin.register(CorrectionDecision)
class CorrectionDecisionAdmin(ReadOnlyAdmin):
    list_display = ("created", "edition", "anchor", "original", "replacement", "decision", "editor")
    list_filter = ("decision",)


@admin.register(RegionDecision)
class RegionDecisionAdmin(ReadOnlyAdmin):
    list_display = ("created", "edition", "line_start", "line_end", "decision", "editor")


@admin.register(FlaggedRegion)
class FlaggedRegionAdmin(ReadOnlyAdmin):
    list_display = ("edition", "line_start", "line_end", "reason", "resolved_by", "resolved_at")


@admin.register(EditionRole)
class EditionRoleAdmin(admin.ModelAdmin):
    list_display = ("edition", "user", "role", "granted_by", "created")
    list_filter = ("edition", "role")
    list_select_related = ("edition", "user", "granted_by")
    raw_id_fields = ("user", "granted_by")
    readonly_fields = ("created",)

    def save_model(self, request, obj, form, change):
        if not change and obj.granted_by_id is None:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(EditionVersion)
class EditionVersionAdmin(ReadOnlyAdmin):
    list_display = ("edition", "number", "created", "created_by", "note")
    list_filter = ("edition",)


@admin.register(PassageVersion)
class PassageVersionAdmin(ReadOnlyAdmin):
    list_display = ("passage", "number", "version")
    list_select_related = ("passage", "version")


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ("pk", "edition", "exact", "replacement", "status", "created")
    list_filter = ("status", "edition")


@admin.register(SuggestionDecision)
class SuggestionDecisionAdmin(ReadOnlyAdmin):
    list_display = ("created", "suggestion", "decision", "editor")
    list_filter = ("decision",)


@admin.register(Selection)
class SelectionAdmin(ReadOnlyAdmin):
    """Read-only: selections are moved by `edition.anchoring` only."""

    list_display = ("pk", "edition", "passage", "start", "end", "state", "version")
    list_filter = ("state", "edition")
    list_select_related = ("edition", "passage")

from django.contrib import admin

from annotations.models import Annotation, AnnotationRevision


class RevisionInline(admin.TabularInline):
    model = AnnotationRevision
    extra = 0
    can_delete = False
    readonly_fields = ("editor", "body", "tags", "visibility", "deleted", "created")


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ("pk", "author", "edition", "passage", "motivation", "visibility",
                    "anchor_state", "status", "deleted", "created")
    list_filter = ("motivation", "visibility", "anchor_state", "status", "deleted")
    list_select_related = ("author", "edition__work", "passage")
    raw_id_fields = ("author", "passage", "end_passage", "parent", "root", "group")
    search_fields = ("body", "selector_exact", "author__username")
    inlines = [RevisionInline]

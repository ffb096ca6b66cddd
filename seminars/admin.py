from django.contrib import admin

from seminars.models import Assignment, RubricCriterion, Score, Seminar


@admin.register(Seminar)
class SeminarAdmin(admin.ModelAdmin):
    list_display = ("group", "term", "joining_open")


class CriterionInline(admin.TabularInline):
    model = RubricCriterion
    extra = 0


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("title", "seminar", "opens_at", "due_at", "peer_rule")
    list_select_related = ("seminar__group",)
    inlines = [CriterionInline]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ("criterion", "student", "points", "scorer", "created")
    list_select_related = ("criterion", "student", "scorer")

from django.urls import path

from seminars import views

app_name = "seminars"

urlpatterns = [
    path("seminars/", views.seminar_list, name="seminars"),
    path("seminars/new/", views.seminar_create, name="seminar-create"),
    path("seminars/join/", views.join, name="join-code"),
    path("seminars/join/<str:code>/", views.join, name="join"),
    path("seminars/<int:pk>/", views.seminar_detail, name="seminar"),
    path("seminars/<int:pk>/roster/", views.roster, name="roster"),
    path("seminars/<int:pk>/roster/import/", views.roster_import, name="roster-import"),
    path("seminars/<int:pk>/settings/", views.seminar_settings, name="settings"),
    path("seminars/<int:pk>/sections/", views.sections, name="sections"),
    path("seminars/<int:pk>/members/<int:user_pk>/role/", views.member_role, name="member-role"),
    path("seminars/<int:pk>/assignments/new/", views.assignment_create, name="assignment-create"),
    path("assignments/", views.my_assignments, name="my-assignments"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment-edit"),
    path("assignments/<int:pk>/annotate/", views.assignment_annotate, name="annotate"),
    path("assignments/<int:pk>/share-notes/", views.notes_share, name="share-notes"),
    path("assignments/<int:pk>/reveal/", views.assignment_reveal, name="reveal"),
    path("assignments/<int:pk>/release/", views.assignment_release, name="release"),
    path("assignments/<int:pk>/copy/", views.assignment_copy, name="copy"),
    path("assignments/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("assignments/<int:pk>/rubric/", views.rubric, name="rubric"),
    path("assignments/<int:pk>/students/<int:user_pk>/", views.student_detail, name="student"),
    path("assignments/<int:pk>/students/<int:user_pk>/scores/", views.scores_save, name="scores"),
    path("assignments/<int:pk>/students/<int:user_pk>/feedback/", views.feedback, name="feedback"),
    path("assignments/<int:pk>/feature/<int:annotation_pk>/", views.feature, name="feature"),
    path("assignments/<int:pk>/grades.csv", views.grades_csv, name="grades-csv"),
    path(
        "assignments/<int:pk>/annotations.jsonld",
        views.annotations_jsonld,
        name="annotations-jsonld",
    ),
]

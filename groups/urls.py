from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("groups/", views.group_list, name="groups"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/join/", views.group_join, name="group-join-code"),
    path("groups/join/<str:code>/", views.group_join, name="group-join"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/invites/", views.invite_create, name="invite-create"),
    path(
        "groups/<int:pk>/invites/<int:invite_pk>/revoke/", views.invite_revoke, name="invite-revoke"
    ),
    path("groups/<int:pk>/leave/", views.group_leave, name="group-leave"),
    path("groups/<int:pk>/members/<int:user_pk>/role/", views.member_role, name="member-role"),
]

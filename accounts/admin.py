from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import GroupInvite, Membership, ReadingGroup, User


@admin.register(User)
class LectioUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Profile", {"fields": ("display_name",)}),)
    list_display = ("username", "display_name", "email", "is_staff")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(ReadingGroup)
class ReadingGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "created_by", "created")
    list_filter = ("kind",)
    inlines = [MembershipInline]


@admin.register(GroupInvite)
class GroupInviteAdmin(admin.ModelAdmin):
    list_display = ("code", "group", "created_by", "expires_at", "revoked_at", "uses")

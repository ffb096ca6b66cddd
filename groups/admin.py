from django.contrib import admin

from groups.models import GroupInvite, Membership, ReadingGroup


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

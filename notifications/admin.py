from django.contrib import admin

from notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("pk", "recipient", "kind", "text", "created", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient", "actor")


admin.site.register(NotificationPreference)

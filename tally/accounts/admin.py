from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import SecurityEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "org", "is_active", "last_login")
    list_filter = ("role", "is_active", "can_view_pii")
    search_fields = ("username", "display_name", "org__name", "org__code")
    autocomplete_fields = ("org",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Tally"), {"fields": ("display_name", "role", "org", "can_view_pii")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Tally"), {"fields": ("display_name", "role", "org")}),
    )


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "username", "ip", "success", "detail")
    list_filter = ("kind", "success")
    search_fields = ("username", "detail")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

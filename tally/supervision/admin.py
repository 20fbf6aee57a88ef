from django.contrib import admin

from . import models


@admin.register(models.ServiceAssignment)
class ServiceAssignmentAdmin(admin.ModelAdmin):
    list_display = ("object_kind", "object_code", "cadre", "start_date", "end_date")
    list_filter = ("object_kind",)
    search_fields = ("object_code",)
    raw_id_fields = ("cadre",)

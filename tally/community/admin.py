from django.contrib import admin

from .models import (
    Commitment,
    Participation,
    Registration,
    VolunteerActivity,
    VolunteerTeam,
    Wish,
)

# Personal data stays out of the admin lists: members are shown by name only.


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("member", "community", "registered_on")
    list_select_related = ("member", "community")
    raw_id_fields = ("member", "community")
    date_hierarchy = "registered_on"


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("content", "member", "community", "promised_on", "status")
    list_filter = ("status",)
    list_select_related = ("member", "community")
    raw_id_fields = ("member", "community")


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("activity_name", "member", "community", "date")
    list_select_related = ("member", "community")
    raw_id_fields = ("member", "community")


@admin.register(Wish)
class WishAdmin(admin.ModelAdmin):
    list_display = ("number", "content", "community", "status", "claimed_on", "completed_on")
    list_filter = ("status",)
    list_select_related = ("community",)
    search_fields = ("number", "content")
    raw_id_fields = ("community", "claimer", "claiming_unit")


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "org", "serves", "founded_on")
    list_select_related = ("org",)
    search_fields = ("number", "name")
    raw_id_fields = ("org",)


@admin.register(VolunteerActivity)
class VolunteerActivityAdmin(admin.ModelAdmin):
    list_display = ("name", "team", "date", "participants", "hours")
    list_select_related = ("team",)
    raw_id_fields = ("team",)

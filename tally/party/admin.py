"""Admin views of the party ledgers. ID-card and phone numbers appear only masked here;
records are kept through the ledgers (import, forms), so the admin is for looking, and
for linking a member to the login they use on the phone."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tally.lib.masking import mask_id_number

from .models import (
    Attendance,
    Election,
    LeaderClaim,
    Member,
    MemberHistory,
    Returnee,
    ThemeDay,
    TrainingClass,
    Visit,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HistoryInline(admin.TabularInline):
    model = MemberHistory
    extra = 0
    fields = ("org", "category", "valid_from", "valid_to", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "masked_id", "org", "category", "join_date", "user")
    list_filter = ("category", "gender", "is_cadre")
    search_fields = ("name", "employer")
    list_select_related = ("org", "user")
    readonly_fields = ("name", "gender", "birth_date", "masked_id", "org", "category", "join_date")
    fields = (*readonly_fields, "user")
    raw_id_fields = ("user",)
    inlines = [HistoryInline]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("ID-card number"))
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)


@admin.register(Returnee)
class ReturneeAdmin(ReadOnlyAdmin):
    list_display = ("name", "masked_id", "category", "place", "registered_on")
    list_filter = ("category",)
    search_fields = ("name",)
    fields = ("name", "masked_id", "category", "place", "whereabouts", "registered_on")
    readonly_fields = fields

    @admin.display(description=_("ID-card number"))
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)


@admin.register(TrainingClass)
class TrainingClassAdmin(ReadOnlyAdmin):
    list_display = ("number", "name", "level", "audience", "organizer", "start_date", "hours")
    list_filter = ("level", "audience")
    search_fields = ("number", "name")


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ("training_class", "member")
    list_select_related = ("training_class", "member")
    search_fields = ("training_class__number", "member__name")
    raw_id_fields = ("training_class", "member")


@admin.register(ThemeDay)
class ThemeDayAdmin(ReadOnlyAdmin):
    list_display = ("org", "month", "held_on", "theme")
    search_fields = ("theme", "org__name")


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ("person_name", "person_category", "org", "visited_on", "amount")
    list_filter = ("person_category",)


@admin.register(LeaderClaim)
class LeaderClaimAdmin(ReadOnlyAdmin):
    list_display = ("leader_name", "kind", "content", "org", "claimed_on")
    list_filter = ("kind",)


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ("org", "due_date", "done_date")

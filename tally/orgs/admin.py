from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Org


@admin.register(Org)
class OrgAdmin(TreeAdmin):
    form = movenodeform_factory(Org)
    list_display = ("name", "code", "kind", "active")
    search_fields = ("name", "code")
    list_filter = ("kind", "active")

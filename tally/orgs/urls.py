from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.org_index, name="index"),
    # "_" cannot begin an organisation code (CODE_PATTERN): no code shadows the chooser.
    path("_choose/", views.org_choose, name="choose"),
    path("<str:code>/", views.org_detail, name="detail"),
    path("<str:code>/add/", views.org_add, name="add"),
    path("<str:code>/edit/", views.org_edit, name="edit"),
    path("<str:code>/move/", views.org_move, name="move"),
]

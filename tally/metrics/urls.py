from django.urls import path

from . import views

app_name = "metrics"
urlpatterns = [
    path("", views.index, name="index"),
    path("definitions/", views.definition_list, name="definitions"),
    path("definitions/new/", views.definition_new, name="definition_new"),
    path("definitions/<int:pk>/", views.definition_edit, name="definition_edit"),
    # Metric keys contain dots (events.talks); "definitions" has none, so cannot clash.
    path("<str:key>/", views.detail, name="detail"),
    path("<str:key>/rows.xlsx", views.rows_export, name="rows_export"),
]

from django.urls import path

from . import type_views, views

app_name = "ledgers"
urlpatterns = [
    path("", views.index, name="index"),
    # Before the <slug:key> routes: "types" is not a ledger key (type_forms.RESERVED_KEYS).
    path("types/", type_views.type_list, name="types"),
    path("types/new/", type_views.type_new, name="type_new"),
    path("types/key/", type_views.type_key, name="type_key"),
    path("types/<int:pk>/", type_views.type_edit, name="type_edit"),
    path("<slug:key>/", views.record_list, name="list"),
    path("<slug:key>/template.xlsx", views.template_download, name="template"),
    path("<slug:key>/export.xlsx", views.export, name="export"),
    path("<slug:key>/export-unmasked/", views.export_unmasked, name="export_unmasked"),
    path("<slug:key>/import/", views.import_upload, name="import"),
    path("<slug:key>/batches/", views.batch_list, name="batches"),
    path("<slug:key>/batches/<int:pk>/", views.batch_detail, name="batch"),
    path("<slug:key>/batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("<slug:key>/batches/<int:pk>/commit/", views.batch_commit, name="batch_commit"),
    path("<slug:key>/batches/<int:pk>/undo/", views.batch_undo, name="batch_undo"),
    path("<slug:key>/batches/<int:pk>/discard/", views.batch_discard, name="batch_discard"),
    path("<slug:key>/batches/<int:pk>/errors.xlsx", views.batch_errors, name="batch_errors"),
    path(
        "<slug:key>/batches/<int:pk>/errors-unmasked/",
        views.batch_errors_unmasked,
        name="batch_errors_unmasked",
    ),
    path("<slug:key>/new/", views.record_new, name="new"),
    path("<slug:key>/<int:pk>/", views.record_detail, name="detail"),
    path("<slug:key>/<int:pk>/delete/", views.record_delete, name="delete"),
]

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.template_new, name="new"),
    path("preview/", views.template_preview, name="preview"),
    path("locks/", views.locks, name="locks"),
    path("locks/<int:pk>/reopen/", views.lock_reopen, name="lock_reopen"),
    path("published/<int:pk>/", views.publication, name="publication"),
    path("published/<int:pk>/diff/", views.version_diff, name="diff"),
    path("published/<int:pk>/v<int:number>/", views.version, name="version"),
    path("published/<int:pk>/v<int:number>/report.docx", views.version_docx, name="version_docx"),
    path("published/<int:pk>/v<int:number>/report.pdf", views.version_pdf, name="version_pdf"),
    path(
        "published/<int:pk>/v<int:number>/evidence/<str:key>/",
        views.evidence,
        name="evidence",
    ),
    # Template keys have no dots or slashes; the fixed words above come first.
    path("t/<slug:key>/", views.report, name="report"),
    path("t/<slug:key>/report.docx", views.report_docx, name="docx"),
    path("t/<slug:key>/report.pdf", views.report_pdf, name="pdf"),
    path("t/<slug:key>/edit/", views.template_edit, name="edit"),
    path("t/<slug:key>/restore/", views.template_restore, name="restore"),
    path("t/<slug:key>/publish/", views.publish, name="publish"),
]

from django.urls import path

from . import showcase_views as views

app_name = "showcase"
urlpatterns = [
    path("", views.index, name="index"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/figures/<str:key>/", views.figure, name="figure"),
]

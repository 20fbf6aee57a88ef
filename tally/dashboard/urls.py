from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("charts/<str:name>.png", views.chart_png, name="chart_png"),
    path("ranking.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
]

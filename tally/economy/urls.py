from django.urls import path

from . import views

app_name = "economy"
urlpatterns = [
    path("", views.index, name="index"),
    path("pipeline/", views.pipeline_view, name="pipeline"),
    path("pipeline/<str:stage>/", views.stage_projects, name="stage_projects"),
    path("investment/<int:pk>/", views.investment_detail, name="investment_detail"),
    path("investment/<int:pk>/stage/", views.investment_stage, name="investment_stage"),
    path("projects/", views.board, name="board"),
    path("projects/due/", views.reports_due, name="reports_due"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("support/", views.support, name="support"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator_detail"),
]

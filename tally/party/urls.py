from django.urls import path

from . import views

app_name = "party"
urlpatterns = [
    path("", views.index, name="index"),
    path("members/", views.member_list, name="members"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/unmask/", views.member_unmask, name="member_unmask"),
    path("members/<int:pk>/transfer/", views.member_transfer, name="member_transfer"),
    path("classes/", views.class_list, name="classes"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/<str:code>/untrained/", views.untrained, name="untrained"),
    path("coverage/<str:code>/untrained.xlsx", views.untrained_export, name="untrained_export"),
    path("theme-days/", views.theme_days, name="theme_days"),
    path("my-training/", views.my_training, name="my_training"),
]

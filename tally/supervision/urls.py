from django.urls import path

from . import notice_views, views

app_name = "supervision"
urlpatterns = [
    path("supervision/", views.index, name="index"),
    # Tasks and their workflow.
    path("supervision/tasks/", views.task_list, name="task_list"),
    path("supervision/tasks/new/", views.task_new, name="task_new"),
    path("supervision/tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("supervision/tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("supervision/tasks/<int:pk>/assign/", views.task_assign, name="task_assign"),
    path("supervision/tasks/<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("supervision/tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("supervision/tasks/<int:pk>/close/", views.task_close, name="task_close"),
    path("supervision/tasks/<int:pk>/reopen/", views.task_reopen, name="task_reopen"),
    path("supervision/tasks/plate/", notice_views.task_plate, name="task_plate"),
    path("supervision/attachments/<int:pk>/", views.attachment, name="attachment"),
    # Notices.
    path("supervision/notices/", notice_views.notice_list, name="notice_list"),
    path("supervision/notices/new/", notice_views.notice_new, name="notice_new"),
    path("supervision/notices/<int:pk>/", notice_views.notice_detail, name="notice_detail"),
    path(
        "supervision/notices/<int:pk>/download/",
        notice_views.notice_download,
        name="notice_download",
    ),
    # Lights.
    path("supervision/lights/", views.light_rules, name="light_rules"),
    path("supervision/lights/history/", views.light_history, name="light_history"),
    # Inspections and the problems they found.
    path("supervision/inspections/", views.inspection_list, name="inspection_list"),
    path("supervision/inspections/new/", views.inspection_new, name="inspection_new"),
    path("supervision/inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("supervision/problems/", views.problem_list, name="problem_list"),
    path("supervision/problems/<int:pk>/", views.problem_detail, name="problem_detail"),
]

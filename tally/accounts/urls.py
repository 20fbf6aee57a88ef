from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import account_views, views

# The administrator's account pages: /accounts/users/…, names "accounts:…".
account_patterns = (
    [
        path("", account_views.account_list, name="list"),
        path("new/", account_views.account_new, name="new"),
        path("<int:pk>/", account_views.account_edit, name="edit"),
        path("<int:pk>/reset-password/", account_views.account_reset_password, name="reset"),
        path("<int:pk>/deactivate/", account_views.account_deactivate, name="deactivate"),
        path(
            "initial-passwords/<int:pk>/",
            account_views.initial_passwords_download,
            name="initial_passwords",
        ),
    ],
    "accounts",
)

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("users/", include(account_patterns)),
]

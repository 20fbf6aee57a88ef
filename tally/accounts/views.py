from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


def locked_out(request, credentials=None, *args, **kwargs):
    """What django-axes shows once an account is locked: the same login page, with a
    message that says neither whether the account exists nor which part was wrong."""
    form = AuthenticationForm(request)
    message = _(
        "Too many failed attempts. Login is suspended for 30 minutes; "
        "please try again later or contact your administrator."
    )
    return render(
        request, "accounts/login.html", {"form": form, "lockout_message": message}, status=429
    )

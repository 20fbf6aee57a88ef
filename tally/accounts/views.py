from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from . import captcha
from .events import record_event
from .forms import LoginForm
from .models import SecurityEvent


def with_captcha(request, context: dict) -> dict:
    """A fresh picture when the address must pass one (see captcha.py)."""
    if captcha.required(request):
        context["captcha_image"] = captcha.new_challenge(request)
    return context


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return with_captcha(self.request, super().get_context_data(**kwargs))

    def form_invalid(self, form):
        if getattr(form, "captcha_refused", False):
            record_event(
                SecurityEvent.Kind.CAPTCHA_FAILED,
                request=self.request,
                username=form.cleaned_data.get("username", ""),
                success=False,
            )
        return super().form_invalid(form)


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
    form = LoginForm(request)
    message = _(
        "Too many failed attempts. Login is suspended for 30 minutes; "
        "please try again later or contact your administrator."
    )
    context = with_captcha(request, {"form": form, "lockout_message": message})
    return render(request, "accounts/login.html", context, status=429)


def csrf_failure(request, reason=""):
    """A form sent without its token (expired page, blocked cookies): the site's own
    Chinese 403 page, not Django's English one. `reason` is for developers: not shown."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)


@login_not_required
def admin_login(request):
    """The admin site's login: anonymous visitors go to the one login page; a logged-in
    user who is not staff is told so (sending them to the login page would send them
    straight back here, for ever)."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(target)
    if request.user.is_active and request.user.is_staff:
        return redirect(target)
    reason = _(
        "The administration site is for system administrators. Your work is in Tally's own pages."
    )
    return render(request, "403.html", {"reason": reason}, status=403)

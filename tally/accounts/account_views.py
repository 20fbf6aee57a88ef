"""The administrator's pages for accounts: list, create, edit, deactivate, reset a
password, and download the one-time passwords a `users` import made."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .forms import AccountFilterForm, EditAccountForm, NewAccountForm
from .initial_passwords import workbook_of
from .models import InitialPasswords, Role, User
from .scoping import require_roles, scope_queryset

PAGE_SIZE = 50


def accounts_of(admin):
    """The accounts an administrator manages: every one in their scope, and those
    without an organisation (administrators, leaders of the whole zone)."""
    scoped = scope_queryset(User.objects.all(), admin, org_field="org")
    return (scoped | User.objects.filter(org=None)).select_related("org")


@require_roles(Role.ADMIN)
def account_list(request):
    form = AccountFilterForm(request.GET or None)
    rows = accounts_of(request.user).order_by("username")
    if form.is_valid():
        rows = filtered(rows, form.cleaned_data)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "query_without_page": query.urlencode() + "&" if query else "",
        "waiting_passwords": InitialPasswords.objects.filter(
            owner=request.user, downloaded_at=None
        ),
    }
    return render(request, "accounts/account_list.html", context)


def filtered(rows, data):
    if data.get("q"):
        q = data["q"].strip()
        rows = rows.filter(
            Q(username__icontains=q) | Q(display_name__icontains=q) | Q(org__name__icontains=q)
        )
    if data.get("role"):
        rows = rows.filter(role=data["role"])
    if data.get("status"):
        rows = rows.filter(is_active=data["status"] == "active")
    return rows


@never_cache
@require_roles(Role.ADMIN)
def account_new(request):
    form = NewAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.create_account(
                form.cleaned_data["username"], form.profile(), by=request.user
            )
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            return show_password(request, user, password, created=True)
    return render(request, "accounts/account_form.html", {"form": form, "account": None})


@never_cache
@require_roles(Role.ADMIN)
def account_edit(request, pk):
    user = get_object_or_404(accounts_of(request.user), pk=pk)
    initial = services.profile_of(user).__dict__ | {"org": user.org_id}
    form = EditAccountForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_account(user, form.profile(), by=request.user)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The account %(name)s was saved.") % {"name": user})
            return redirect("accounts:list")
    return render(request, "accounts/account_form.html", {"form": form, "account": user})


@require_POST
@never_cache
@require_roles(Role.ADMIN)
def account_reset_password(request, pk):
    user = get_object_or_404(accounts_of(request.user), pk=pk)
    password = services.reset_password(user, by=request.user)
    return show_password(request, user, password, created=False)


@require_POST
@require_roles(Role.ADMIN)
def account_deactivate(request, pk):
    user = get_object_or_404(accounts_of(request.user), pk=pk)
    try:
        services.deactivate_account(user, by=request.user)
    except services.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The account %(name)s can no longer log in.") % {"name": user})
    return redirect("accounts:list")


def show_password(request, user, password, *, created):
    """The one time the password is shown: never stored in clear, never cached."""
    response = render(
        request,
        "accounts/account_password.html",
        {"account": user, "password": password, "created": created},
    )
    return response


@require_POST
@require_roles(Role.ADMIN)
def initial_passwords_download(request, pk):
    """The one-time passwords of an import, once: the sealed copy is wiped as it goes."""
    sheet = get_object_or_404(InitialPasswords, pk=pk, owner=request.user)
    if sheet.downloaded_at is not None:
        raise Http404
    content = workbook_of(sheet)
    InitialPasswords.objects.filter(pk=sheet.pk).update(sealed=b"", downloaded_at=timezone.now())
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="initial-passwords-{sheet.pk}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response

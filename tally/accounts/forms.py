import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tally.orgs.models import Org

from . import captcha
from .models import Role
from .scoping import writable_orgs
from .services import Profile, username_problem

MOBILE = re.compile(r"^1[3-9]\d{9}$")


class LoginForm(AuthenticationForm):
    """The login form; from an address with many recent failures it checks the picture's
    characters before any password, so a guess costs a person's effort, and a correct
    password typed without them is never counted as that user's failure."""

    captcha = forms.CharField(label=_("Characters in the picture"), required=False, max_length=12)

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.captcha_required = request is not None and captcha.required(request)

    def clean(self):
        if self.captcha_required and not captcha.passed(
            self.request, self.cleaned_data.get("captcha", "")
        ):
            self.captcha_refused = True
            raise forms.ValidationError(
                _("Type the characters shown in the picture."), code="captcha"
            )
        return super().clean()


class StyledForm(forms.Form):
    """Bootstrap's classes on every widget, so forms fit the layout and a phone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


def style_widgets(form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.code}）"


class AccountForm(StyledForm):
    display_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    org = OrgField(
        label=pgettext_lazy("account", "Organisation"),
        queryset=Org.objects.none(),
        required=False,
        help_text=_("Required for unit clerks and party members; others act for the whole zone."),
    )
    phone = forms.CharField(label=_("Mobile number"), max_length=20, required=False)
    can_view_pii = forms.BooleanField(
        label=_("May view unmasked ID-card and phone numbers"), required=False
    )

    def __init__(self, admin, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = writable_orgs(admin).order_by("path")

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "").replace("-", "")
        if phone and not MOBILE.match(phone):
            raise forms.ValidationError(_("Give an 11-digit mobile number."))
        return phone

    def profile(self, *, is_active: bool = True) -> Profile:
        data = self.cleaned_data
        return Profile(
            display_name=data["display_name"],
            role=data["role"],
            org=data["org"],
            phone=data["phone"],
            can_view_pii=data["can_view_pii"],
            is_active=is_active,
        )


class NewAccountForm(AccountForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    field_order = ("username", "display_name", "role", "org", "phone", "can_view_pii")

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        problem = username_problem(username)
        if problem:
            raise forms.ValidationError(problem)
        return username


class EditAccountForm(AccountForm):
    is_active = forms.BooleanField(label=_("Active (may log in)"), required=False)

    def profile(self, **kwargs) -> Profile:
        return super().profile(is_active=self.cleaned_data["is_active"])


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("Active and inactive")),
            ("active", _("Active")),
            ("inactive", _("Inactive")),
        ],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

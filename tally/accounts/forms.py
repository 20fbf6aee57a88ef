from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import captcha


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

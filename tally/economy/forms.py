from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Stage


class StageChangeForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("New stage"),
        choices=Stage.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    day = forms.DateField(
        label=_("Date the stage was reached"),
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"day": timezone.localdate()})
        super().__init__(*args, **kwargs)

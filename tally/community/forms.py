from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tally.accounts.scoping import writable_orgs
from tally.orgs.models import Org
from tally.shell.widgets import LongSelect

from .models import COMMUNITY_KINDS
from .services import PHOTO_MAX_BYTES, WISH_NOTE_MAX, PhotoRefused, check_photo


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.code}）"


def communities():
    return Org.objects.filter(kind__in=COMMUNITY_KINDS, active=True).order_by("path")


class RegistrationForm(forms.Form):
    community = CommunityChoiceField(
        label=_("My residence community"),
        queryset=communities(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select form-select-lg"}),
    )


class CommitmentForm(forms.Form):
    content = forms.CharField(
        label=_("I commit to"),
        max_length=200,
        widget=forms.Textarea(attrs={"class": "form-control form-control-lg", "rows": 2}),
        help_text=_("For example: 每月为独居老人理发一次."),
    )


class WishPublishForm(forms.Form):
    community = CommunityChoiceField(
        label=_("Community"),
        queryset=Org.objects.none(),
        empty_label=None,
        widget=LongSelect(attrs={"class": "form-select"}),
    )
    content = forms.CharField(
        label=_("The wish"),
        max_length=300,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    published_on = forms.DateField(
        label=_("Date published"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = writable_orgs(user).filter(
            kind__in=COMMUNITY_KINDS, active=True
        )

    def clean_published_on(self):
        value = self.cleaned_data["published_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return value


class FulfilForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=WISH_NOTE_MAX,
        widget=forms.Textarea(attrs={"class": "form-control form-control-lg", "rows": 3}),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most %(mb)d MB.") % {"mb": PHOTO_MAX_BYTES // 2**20},
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control form-control-lg",
                "accept": "image/jpeg,image/png,image/webp",
            }
        ),
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            try:
                check_photo(photo)
            except PhotoRefused as refusal:
                raise forms.ValidationError(str(refusal)) from None
        return photo


class CloseForm(forms.Form):
    completed_on = forms.DateField(
        label=_("Date completed"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}),
    )

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return value

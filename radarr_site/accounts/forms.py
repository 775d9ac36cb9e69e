"""Forms for the first admin, household users and their request settings."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import SetPasswordMixin, UserCreationForm
from django.contrib.auth.models import Permission
from django.core.validators import MinValueValidator

from movies.models import QualityProfile, RootFolder
from movies.models.requests import RequesterProfile, RequestSettings
from radarr_site.accounts.roles import ADMIN, MEMBER

ROLE_CHOICES = [
    (ADMIN, "Admin: everything, including settings"),
    (MEMBER, "Member: browse the library and request movies"),
]


class FirstAdminForm(UserCreationForm):
    """Creates the very first account, always an admin."""

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


class HouseholdUserForm(UserCreationForm):
    """An admin adds a household user with a password and one role."""

    role = forms.ChoiceField(choices=ROLE_CHOICES, initial=MEMBER)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email", "first_name")


class HouseholdUserEditForm(SetPasswordMixin, forms.ModelForm):
    """Edit a user's details and role; a new password only when both boxes are filled."""

    role = forms.ChoiceField(choices=ROLE_CHOICES)
    is_active = forms.BooleanField(required=False, label="Active (may sign in)")
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="New password", label2="New password again"
    )

    class Meta:
        model = get_user_model()
        fields = ("email", "first_name", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].required = False
        self.fields["password2"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") or cleaned.get("password2"):
            self.validate_passwords()
            self.validate_password_for_user(self.instance)
        return cleaned


# --- Requests: a user's request settings, and the household's default quota (issue 8) ---

AUTO_APPROVE_CODENAME = "auto_approve_request"


def _auto_approve_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="movies", codename=AUTO_APPROVE_CODENAME)


class RequesterForm(forms.Form):
    """A user's request settings: skip the approval queue, what approval adds their movies
    with, and their own quota (empty fields fall back to the household's)."""

    auto_approve = forms.BooleanField(
        required=False,
        label="Auto-approve requests",
        help_text="Their requests are added and searched at once. Admins always are.",
    )
    quality_profile = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Default quality profile",
        empty_label="The first profile",
    )
    root_folder = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Default root folder",
        empty_label="The first root folder",
    )
    quota_limit = forms.IntegerField(
        required=False,
        min_value=0,
        label="Movies per period",
        help_text="Empty: the household default; 0: no limit.",
    )
    quota_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=3650,
        label="Period in days",
        help_text="Empty: the household default.",
    )

    def __init__(self, *args, user=None, **kwargs):
        if user is not None and "initial" not in kwargs:
            profile = RequesterProfile.objects.filter(user=user).first()
            kwargs["initial"] = {
                "auto_approve": user.user_permissions.filter(
                    codename=AUTO_APPROVE_CODENAME, content_type__app_label="movies"
                ).exists(),
                "quality_profile": profile.quality_profile_id if profile else None,
                "root_folder": profile.root_folder_id if profile else None,
                "quota_limit": profile.quota_limit if profile else None,
                "quota_days": profile.quota_days if profile else None,
            }
        kwargs.setdefault("prefix", "requests")
        super().__init__(*args, **kwargs)
        self.fields["quality_profile"].queryset = QualityProfile.objects.order_by("name")
        self.fields["root_folder"].queryset = RootFolder.objects.order_by("path")

    def save(self, user: AbstractBaseUser) -> None:
        """Store the settings on the user's RequesterProfile and grant or take away the
        auto-approve permission (given to the user directly, never through a role)."""
        data = self.cleaned_data
        RequesterProfile.objects.update_or_create(
            user=user,
            defaults={
                "quality_profile": data["quality_profile"],
                "root_folder": data["root_folder"],
                "quota_limit": data["quota_limit"],
                "quota_days": data["quota_days"],
            },
        )
        if data["auto_approve"]:
            user.user_permissions.add(_auto_approve_permission())
        else:
            user.user_permissions.remove(_auto_approve_permission())


class HouseholdQuotaForm(forms.ModelForm):
    """The household's default quota: N movies per D days for every member."""

    class Meta:
        model = RequestSettings
        fields = ("quota_limit", "quota_days")
        labels = {"quota_limit": "Movies per period", "quota_days": "Period in days"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "quota")
        super().__init__(*args, **kwargs)
        self.fields["quota_days"].min_value = 1
        self.fields["quota_days"].widget.attrs["min"] = 1
        self.fields["quota_days"].validators.append(MinValueValidator(1))

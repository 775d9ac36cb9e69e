"""Forms for the first admin and for household users."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin, UserCreationForm

from radarr_site.accounts.roles import ADMIN, MEMBER

ROLE_CHOICES = [
    (ADMIN, "Admin: everything, including settings"),
    (MEMBER, "Member: browse the library"),
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

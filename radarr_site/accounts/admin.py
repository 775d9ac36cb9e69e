"""The Django admin's user pages, made unable to lock the household out.

Django's own UserAdmin lets anyone with access untick Active or Superuser on the only
admin, or delete them; this one refuses any change or delete that would leave no active
admin, with a message, and saves or deletes nothing.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from radarr_site.accounts.roles import ADMIN, lock_admins, removes_last_admin

LAST_ADMIN_MESSAGE = (
    "{user} is the household's last active admin: keep Active, Staff status, Superuser "
    "status and the Admin group, or make someone else an admin first."
)


class HouseholdUserChangeForm(UserChangeForm):
    """Django's user change form that keeps every admin mark on the last active admin."""

    def clean(self) -> dict:
        cleaned = super().clean()
        user = self.instance
        # The marks are kept in step by roles.py; dropping any one of them from the last
        # admin starts a lock-out (no Staff status: no Django admin; no Active: no sign-in).
        # The Django admin saves in the same transaction as this check (changeform_view is
        # atomic), so the lock is held until the change is written.
        if user.pk and self._drops_an_admin_mark(cleaned) and self._removes_last_admin(user):
            raise ValidationError(LAST_ADMIN_MESSAGE.format(user=user.get_username()))
        return cleaned

    @staticmethod
    def _removes_last_admin(user) -> bool:
        # In the Django admin this is a savepoint in changeform_view's transaction, so the
        # lock lasts until the save; used on its own, it must still not run in autocommit.
        with transaction.atomic():
            lock_admins()
            return removes_last_admin([user.pk])

    def _drops_an_admin_mark(self, cleaned: dict) -> bool:
        # clean() runs before the form writes to the instance: it still holds the old values.
        user = self.instance
        for flag in ("is_active", "is_staff", "is_superuser"):
            if flag in cleaned and getattr(user, flag) and not cleaned[flag]:
                return True
        if "groups" in cleaned and user.groups.filter(name=ADMIN).exists():
            return not any(group.name == ADMIN for group in cleaned["groups"])
        return False

    def save(self, commit: bool = True):
        """Save with Staff and Superuser status taken from the Admin group as submitted.

        The group is the source of truth: an unchanged group sends no m2m signal, so
        without this an unticked Staff box on an admin would save and leave someone who
        is an admin on every page but is sent to a second sign-in form by /admin/.
        """
        user = super().save(commit=False)
        if "groups" in self.cleaned_data:
            admin = any(group.name == ADMIN for group in self.cleaned_data["groups"])
            user.is_staff = user.is_superuser = admin
        if commit:
            user.save()
            self._save_m2m()
        return user


class HouseholdUserAdmin(UserAdmin):
    """Django's UserAdmin that never deletes or demotes the last active admin."""

    form = HouseholdUserChangeForm
    # Named like Django's site-wide action, so it replaces that one for users.
    actions = ["delete_selected"]

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        # Check and delete in one transaction holding the admin lock: two admins deleting
        # each other at once cannot both pass the check.
        with transaction.atomic():
            lock_admins()
            user = self.get_object(request, object_id)
            if user is not None and removes_last_admin([user.pk]):
                self.message_user(request, self._refusal(user.get_username()), messages.ERROR)
                change_url = reverse("admin:auth_user_change", args=[user.pk])
                return HttpResponseRedirect(change_url)
            return super().delete_view(request, object_id, extra_context)

    @admin.action(permissions=["delete"], description="Delete selected users")
    def delete_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """Django's delete-selected action, refused when it would take every active admin."""
        with transaction.atomic():
            lock_admins()
            if removes_last_admin(queryset.values_list("pk", flat=True)):
                self.message_user(request, self._refusal("The selection"), messages.ERROR)
                return None  # back to the user list, nothing deleted
            return django_delete_selected(self, request, queryset)

    @staticmethod
    def _refusal(who: str) -> str:
        return (
            f"{who} cannot be deleted: the household would have no active admin left. "
            "Make someone else an admin first."
        )

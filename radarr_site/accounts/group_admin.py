"""The Django admin's group pages, made unable to delete or rename the two household roles.

The Admin and Member groups are looked up by name everywhere (roles.py): deleting one
or renaming it silently takes every user's role away. Other groups behave as in Django.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from radarr_site.accounts.roles import ADMIN, MEMBER

ROLE_GROUPS = (ADMIN, MEMBER)


def refusal(names: str) -> str:
    """The message shown when a delete would take a household role away."""
    return (
        f"{names} cannot be deleted: the household's roles are the Admin and Member groups, "
        "and every user's role depends on them."
    )


class HouseholdGroupForm(ModelForm):
    """Django's group form that keeps the names of the Admin and Member groups."""

    class Meta:
        model = Group
        fields = ["name", "permissions"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        # The instance still holds the stored name: the form writes to it after cleaning.
        old = self.instance.name if self.instance.pk else None
        if old in ROLE_GROUPS and name != old:
            raise ValidationError(
                f"The {old} group is a household role and cannot be renamed: every user's "
                "role is found by this name."
            )
        return name


class HouseholdGroupAdmin(GroupAdmin):
    """Django's GroupAdmin that never deletes or renames the Admin and Member groups."""

    form = HouseholdGroupForm
    # Named like Django's site-wide action, so it replaces that one for groups.
    actions = ["delete_selected"]

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        group = self.get_object(request, object_id)
        if group is not None and group.name in ROLE_GROUPS:
            self.message_user(request, refusal(f"The {group.name} group"), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:auth_group_change", args=[group.pk]))
        return super().delete_view(request, object_id, extra_context)

    @admin.action(permissions=["delete"], description="Delete selected groups")
    def delete_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """Django's delete-selected action, refused when the selection holds a role group."""
        roles = sorted(queryset.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
        if roles:
            self.message_user(
                request, refusal(" and ".join(f"The {n} group" for n in roles)), messages.ERROR
            )
            return None  # back to the group list, nothing deleted
        return django_delete_selected(self, request, queryset)

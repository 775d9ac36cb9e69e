"""Post the Django admin's user change form as a browser would, with chosen changes."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse


def user_change_data(admin_client, user) -> dict:
    """The change form's current values as POST data (unticked boxes left out)."""
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if value is None or value is False:
            continue
        if name in ("last_login", "date_joined"):  # split date/time widgets
            data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%Y-%m-%d %H:%M:%S").split()
        elif isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = "on" if value is True else value
    return data


def post_user_change(admin_client, user, *, groups: list[str] | None = None, unticked=()):
    """Post the form with `groups` (names) instead of the current ones and boxes unticked."""
    data = user_change_data(admin_client, user)
    if groups is not None:
        data["groups"] = [g.pk for g in Group.objects.filter(name__in=groups)]
    for name in unticked:
        data.pop(name, None)
    return admin_client.post(reverse("admin:auth_user_change", args=[user.pk]), data)

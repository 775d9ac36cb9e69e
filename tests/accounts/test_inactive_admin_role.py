"""A deactivated admin keeps the Admin role on the Users page and through reactivation."""

import pytest
from django.urls import reverse

from radarr_site.accounts.roles import ADMIN, is_admin, role_of
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _edit(client, person, **fields):
    data = {"email": "", "first_name": "", "role": ADMIN}
    data.update(fields)
    return client.post(reverse("accounts:user_edit", args=[person.pk]), data)


@pytest.fixture
def dora(admin_user):
    """A second admin, deactivated by alice on the Users page."""
    return make_user("dora", ADMIN)


def _deactivate(client, person):
    response = _edit(client, person)  # is_active left out: the box is unticked
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active


def test_role_of_a_deactivated_admin_is_admin_while_is_admin_is_false(admin_client, dora):
    _deactivate(admin_client, dora)
    assert role_of(dora) == ADMIN
    assert not is_admin(dora)


def test_users_page_lists_a_deactivated_admin_as_admin(admin_client, dora):
    _deactivate(admin_client, dora)
    rows = admin_client.get(reverse("accounts:users")).context["rows"]
    assert {r["user"].username: r["role"] for r in rows}["dora"] == ADMIN


def test_edit_form_of_a_deactivated_admin_preselects_admin(admin_client, dora):
    _deactivate(admin_client, dora)
    form = admin_client.get(reverse("accounts:user_edit", args=[dora.pk])).context["form"]
    assert form["role"].value() == ADMIN


def test_reactivating_a_deactivated_admin_keeps_them_admin(admin_client, dora):
    _deactivate(admin_client, dora)
    form = admin_client.get(reverse("accounts:user_edit", args=[dora.pk])).context["form"]
    # Resubmit the form as the browser would, only ticking Active again.
    response = _edit(admin_client, dora, role=form["role"].value(), is_active="on")
    assert response.status_code == 302
    dora.refresh_from_db()
    assert dora.is_active and dora.is_superuser and dora.is_staff
    assert list(dora.groups.values_list("name", flat=True)) == [ADMIN]
    assert is_admin(dora)

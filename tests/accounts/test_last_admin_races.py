"""The Users page's last-admin guards check the database inside their own transaction.

Each test plays the losing side of a race: the acting admin's request began while they
were an admin, and another admin has demoted them since. The guard must see that.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse

from radarr_site.accounts import views
from radarr_site.accounts.roles import ADMIN, MEMBER, is_admin, set_role

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def carol(db):
    user = User.objects.create_user("carol", password="x")
    set_role(user, ADMIN)
    return user


def post_as_demoted(admin_user, path: str, data: dict | None = None):
    """A POST by `admin_user` whose request started before another admin demoted them."""
    assert is_admin(admin_user)  # remembered on the object, as for a request under way
    set_role(User.objects.get(pk=admin_user.pk), MEMBER)
    request = RequestFactory().post(path, data or {})
    request.user = admin_user
    request.session = {}
    request._messages = CookieStorage(request)
    request.htmx = False
    return request


def test_deleting_the_last_admin_on_the_users_page_is_refused_after_a_concurrent_demotion(
    admin_user, carol
):
    request = post_as_demoted(admin_user, "/users/delete/")
    views.user_delete(request, pk=carol.pk)
    assert User.objects.filter(pk=carol.pk).exists()
    assert "last active admin" in " ".join(str(m) for m in request._messages)


def test_deactivating_the_last_admin_on_the_users_page_is_refused_after_a_concurrent_demotion(
    admin_user, carol
):
    data = {"email": "", "first_name": "", "role": ADMIN}  # Active left unticked
    request = post_as_demoted(admin_user, "/users/edit/", data)
    response = views.user_edit(request, pk=carol.pk)
    assert response.status_code == 200
    assert "at least one active admin" in response.content.decode()
    carol.refresh_from_db()
    assert carol.is_active


def test_deactivating_one_of_two_admins_on_the_users_page_saves(admin_client, admin_user, carol):
    response = admin_client.post(
        reverse("accounts:user_edit", args=[carol.pk]),
        {"email": "", "first_name": "", "role": ADMIN},
    )
    assert response.status_code == 302
    carol.refresh_from_db()
    assert not carol.is_active

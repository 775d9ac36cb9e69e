"""The two household roles as Django groups: Admin (everything) and Member (browse, request).

Membership of the Admin group is what makes an admin. The Django admin only opens to
staff, so `is_staff`/`is_superuser` follow the Admin group whenever membership changes,
wherever it changes (Users page, Django admin, shell).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed

log = logging.getLogger(__name__)

ADMIN = "Admin"
MEMBER = "Member"

# A Member browses the library and movie pages and requests movies (movies.requesting);
# nothing that changes or deletes. auto_approve_request is given per user, never by role.
MEMBER_PERMISSIONS = [
    ("movies", "view_movie"),
    ("movies", "view_moviefile"),
    ("movies", "view_tag"),
    ("movies", "view_qualityprofile"),
    ("movies", "add_movierequest"),
    ("movies", "view_movierequest"),
]

# Per-object cache of is_admin: request.user is built once per request, so this saves a
# query for every template and guard that asks within one request.
_CACHE_ATTR = "_household_is_admin"


def ensure_roles(using: str = "default") -> None:
    """Create or update both groups; idempotent (runs after every migrate)."""
    admin, _ = Group.objects.using(using).get_or_create(name=ADMIN)
    admin.permissions.set(Permission.objects.using(using).all())
    member, _ = Group.objects.using(using).get_or_create(name=MEMBER)
    perms = [
        p
        for app, codename in MEMBER_PERMISSIONS
        for p in Permission.objects.using(using).filter(
            content_type__app_label=app, codename=codename
        )
    ]
    member.permissions.set(perms)


def is_admin(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """True for an active user in the Admin group, or an active superuser."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = user.is_superuser or user.groups.filter(name=ADMIN).exists()
        setattr(user, _CACHE_ATTR, cached)
    return cached


def admins() -> QuerySet:
    """Every active admin, by either mark (Admin group or superuser)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=ADMIN))
        .distinct()
    )


def removes_last_admin(user_pks: Iterable[int]) -> bool:
    """True when taking these users away (delete, deactivate, demote) leaves no active admin."""
    pks = list(user_pks)
    return admins().filter(pk__in=pks).exists() and not admins().exclude(pk__in=pks).exists()


def lock_admins() -> None:
    """Hold the Admin group's row locked until the current transaction ends.

    Every last-admin guard takes this lock before its check and keeps it through its
    write, so two admins demoting or deleting each other at once are served one after the
    other and the second sees the first's change. (admins() itself cannot be locked: its
    DISTINCT is refused with FOR UPDATE on PostgreSQL.) Call it inside transaction.atomic().
    """
    list(Group.objects.select_for_update().filter(name=ADMIN).values_list("pk", flat=True))


def set_role(user: AbstractBaseUser, role: str) -> None:
    """Give `user` exactly one role (ADMIN or MEMBER); saves the user."""
    admin = role == ADMIN
    user.is_staff = admin
    user.is_superuser = admin
    user.save()
    user.groups.set(Group.objects.filter(name=role))
    _forget(user)


def role_of(user: AbstractBaseUser) -> str:
    """The role's name as the Users page shows it: ADMIN or MEMBER.

    Unlike is_admin this ignores is_active: a deactivated admin keeps the Admin role, so
    the Users page lists them as Admin and reactivating them does not demote them.
    """
    if user.is_superuser:
        return ADMIN
    # Read through groups.all() so a list prefetched with its groups costs no query per user.
    return ADMIN if any(group.name == ADMIN for group in user.groups.all()) else MEMBER


def _forget(user) -> None:
    user.__dict__.pop(_CACHE_ATTR, None)


def _set_admin_flags(user, admin: bool) -> None:
    user.is_staff = user.is_superuser = admin
    user.save(update_fields=["is_staff", "is_superuser"])
    _forget(user)


def _admin_users_touched(instance, reverse: bool, pk_set: set | None) -> list:
    """Users whose Admin-group membership this m2m change touches (None pk_set: a clear)."""
    if not reverse:  # instance is a user, pk_set holds group ids
        groups = instance.groups.all() if pk_set is None else Group.objects.filter(pk__in=pk_set)
        return [instance] if groups.filter(name=ADMIN).exists() else []
    if instance.name != ADMIN:  # instance is a group, pk_set holds user ids
        return []
    users = (
        instance.user_set.all()
        if pk_set is None
        else get_user_model().objects.filter(pk__in=pk_set)
    )
    return list(users)


def _on_groups_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """Keep the staff/superuser flags in step with Admin-group membership."""
    if action == "pre_clear":
        # After the clear the memberships are gone: note now whom it takes out of Admin.
        instance._admins_before_clear = _admin_users_touched(instance, reverse, None)
        return
    if action == "post_clear":
        touched = instance.__dict__.pop("_admins_before_clear", [])
    elif action in ("post_add", "post_remove"):
        touched = _admin_users_touched(instance, reverse, pk_set)
    else:
        return
    for user in touched:
        if action == "post_add":
            _set_admin_flags(user, True)
        elif admins().exclude(pk=user.pk).exists():
            _set_admin_flags(user, False)
        else:
            # Never leave the household without an admin: put the last one back. The group
            # is looked up only here: most changes never involve it, and it may not exist yet.
            admin_group = Group.objects.filter(name=ADMIN).first()
            if admin_group is not None:
                log.warning("Kept %s in the Admin group: the household needs an admin.", user)
                admin_group.user_set.add(user)
            _set_admin_flags(user, True)
        if not reverse:
            _forget(instance)


# apps.RadarrSiteConfig.ready() imports this module, so the receiver is connected at start.
m2m_changed.connect(
    _on_groups_changed,
    sender=get_user_model().groups.through,
    dispatch_uid="radarr_site_accounts_admin_flags",
)

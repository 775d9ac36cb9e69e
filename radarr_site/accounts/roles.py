"""The two household roles as Django groups: Admin (everything) and Member (browse)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

ADMIN = "Admin"
MEMBER = "Member"

# A Member browses the library and movie pages; nothing that changes or deletes.
MEMBER_PERMISSIONS = [
    ("movies", "view_movie"),
    ("movies", "view_moviefile"),
    ("movies", "view_tag"),
    ("movies", "view_qualityprofile"),
]


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


def is_admin(user) -> bool:
    """Admins are superusers (the Django admin needs it) and members of the Admin group."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def set_role(user, role: str) -> None:
    """Give `user` exactly one role; saves the user."""
    admin = role == ADMIN
    user.is_staff = admin
    user.is_superuser = admin
    user.save()
    user.groups.set(Group.objects.filter(name=role))


def role_of(user) -> str:
    return ADMIN if is_admin(user) else MEMBER

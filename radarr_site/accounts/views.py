"""First run, sign-in and sign-out, password change, and the household Users page (with
each user's request settings and the household's default quota)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from movies.models.requests import RequestSettings
from radarr_site.accounts.decorators import admin_required
from radarr_site.accounts.forms import (
    FirstAdminForm,
    HouseholdQuotaForm,
    HouseholdUserEditForm,
    HouseholdUserForm,
    RequesterForm,
)
from radarr_site.accounts.roles import (
    ADMIN,
    lock_admins,
    removes_last_admin,
    role_of,
    set_role,
)

User = get_user_model()


def first_run(request: HttpRequest) -> HttpResponse:
    """Create the first admin; only while no account exists at all."""
    if User.objects.exists():
        return redirect("accounts:sign_in")
    form = FirstAdminForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if User.objects.select_for_update().exists():  # two tabs racing on a fresh install
                return redirect("accounts:sign_in")
            user = form.save()
            set_role(user, ADMIN)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {user.username}. Start by adding a root folder.")
        return redirect("settings:root_folders")
    return render(request, "accounts/first_run.html", {"form": form})


class SignInView(auth_views.LoginView):
    """Username and password; back to `?next=` (a local URL only) or the library."""

    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Ends the session on POST only; a GET (a typed or bookmarked URL) shows a Sign out button.

    Signing out on GET would let any page or link sign a user out, so a GET only asks.
    """

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return render(request, "accounts/sign_out.html")


class PasswordChangeView(auth_views.PasswordChangeView):
    """The signed-in user changes their own password; the session stays signed in."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("movies:library")

    def form_valid(self, form) -> HttpResponse:
        messages.success(self.request, "Your password was changed.")
        return super().form_valid(form)


@admin_required
def users(request: HttpRequest) -> HttpResponse:
    """Every household user with their role and request settings; the household's default
    quota is edited here too (POST)."""
    quota_form = HouseholdQuotaForm(request.POST or None, instance=RequestSettings.load())
    if request.method == "POST" and quota_form.is_valid():
        quota_form.save()
        messages.success(request, "The household's request quota was saved.")
        return redirect("accounts:users")
    people = (
        User.objects.order_by("username")
        .select_related("request_profile")
        .prefetch_related("groups", "user_permissions")
    )
    rows = [
        {
            "user": u,
            "role": role_of(u),
            "profile": getattr(u, "request_profile", None),
            "auto_approve": any(
                p.codename == "auto_approve_request" for p in u.user_permissions.all()
            ),
        }
        for u in people
    ]
    # The saved quota for the table (the form's instance holds what was posted).
    context = {"rows": rows, "quota_form": quota_form, "household": RequestSettings.load()}
    return render(request, "accounts/users.html", context)


@admin_required
def user_add(request: HttpRequest) -> HttpResponse:
    """Add a user with a password and a role."""
    form = HouseholdUserForm(request.POST or None)
    requests_form = RequesterForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and requests_form.is_valid():
        with transaction.atomic():
            user = form.save()
            set_role(user, form.cleaned_data["role"])
            requests_form.save(user)
        messages.success(request, f"{user.username} can now sign in.")
        return redirect("accounts:users")
    context = {"form": form, "requests_form": requests_form, "adding": True}
    return render(request, "accounts/user_form.html", context)


@admin_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit details, role and password; the last active admin stays an admin."""
    person = get_object_or_404(User, pk=pk)
    form = HouseholdUserEditForm(
        request.POST or None, instance=person, initial={"role": role_of(person)}
    )
    requests_form = RequesterForm(request.POST or None, user=person)
    if request.method == "POST" and form.is_valid() and requests_form.is_valid():
        if _save_unless_last_admin(request, form, pk, requests_form):
            messages.success(request, f"{form.instance.username} was updated.")
            return redirect("accounts:users")
        form.add_error(None, "The household needs at least one active admin: keep this one.")
    context = {"form": form, "requests_form": requests_form, "person": person}
    return render(request, "accounts/user_form.html", context)


def _save_unless_last_admin(
    request: HttpRequest, form: HouseholdUserEditForm, pk: int, requests_form: RequesterForm
) -> bool:
    """Save the edit unless it demotes or deactivates the last active admin (or yourself).

    Check and save run in one transaction holding the admin lock, so two admins demoting
    each other at once cannot leave the household with none.
    """
    cleaned = form.cleaned_data
    with transaction.atomic():
        lock_admins()
        # Ask the database: the valid form has already copied is_active onto the instance.
        drops_admin = cleaned["role"] != ADMIN or not cleaned["is_active"]
        if drops_admin and removes_last_admin([pk]):
            return False
        if form.instance == request.user and not cleaned["is_active"]:
            return False
        person = form.save(commit=False)
        if cleaned.get("password1"):
            person.set_password(cleaned["password1"])
        set_role(person, cleaned["role"])  # saves the user too
        requests_form.save(person)
    if person == request.user and cleaned.get("password1"):
        # A new password changes the session hash: keep the editor signed in.
        update_session_auth_hash(request, person)
    return True


@admin_required
@require_POST
def user_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete another user (never yourself)."""
    with transaction.atomic():
        lock_admins()  # check and delete as one: see _save_unless_last_admin
        person = get_object_or_404(User, pk=pk)
        if person == request.user:
            messages.error(request, "You cannot delete your own account.")
        elif removes_last_admin([pk]):
            messages.error(request, f"{person.username} is the last active admin: keep them.")
        else:
            person.delete()
            messages.success(request, f"{person.username} was deleted.")
    return redirect("accounts:users")

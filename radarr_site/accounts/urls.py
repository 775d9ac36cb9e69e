"""Account URLs: first run, sign-in and out, password change, the Users page."""

from django.urls import path

from radarr_site.accounts import views

app_name = "accounts"

urlpatterns = [
    path("first-run/", views.first_run, name="first_run"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("users/", views.users, name="users"),
    path("users/add/", views.user_add, name="user_add"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/delete/", views.user_delete, name="user_delete"),
]

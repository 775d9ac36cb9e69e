"""Household accounts: first run, sign-in, roles (Admin, Member) and the Users page."""

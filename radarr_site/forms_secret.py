"""Write-only secrets in forms: the stored value is never sent back to the browser.

Used by the settings pages and the Django admin alike, so both treat a key the same way:
left empty it keeps the stored value, a "clear" box empties it, spaces inside are refused.
"""

from __future__ import annotations

import re

from django import forms

SECRET_PLACEHOLDER = "•••• (set)"
SPACES_ERROR = "The key must not contain spaces."


class SecretField(forms.CharField):
    """A password input that never renders its value; surrounding whitespace is stripped."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault(
            "widget", forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"})
        )
        super().__init__(**kwargs)


def clear_field(label: str) -> forms.BooleanField:
    """The box next to a secret that empties the stored value."""
    return forms.BooleanField(required=False, label=label)


class WriteOnlySecretsMixin:
    """For a ModelForm: each name in `secret_fields` is a SecretField with a `clear_<name>`
    box; empty keeps the stored value, which only shows as a placeholder."""

    secret_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._stored_secrets = {
            name: getattr(self.instance, name, "") or "" for name in self.secret_fields
        }
        for name, stored in self._stored_secrets.items():
            if stored:
                self.fields[name].widget.attrs["placeholder"] = SECRET_PLACEHOLDER

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in self.secret_fields:
            if name not in cleaned:
                continue  # the field already has an error (too long)
            typed = cleaned[name] or ""
            # Checked after every field is cleaned, so "clear" wins over a key typed with it.
            if cleaned.get(f"clear_{name}"):
                cleaned[name] = ""
            elif re.search(r"\s", typed):
                self.add_error(name, SPACES_ERROR)
            else:
                cleaned[name] = typed or self._stored_secrets[name]
        return cleaned

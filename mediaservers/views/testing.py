"""Settings → Connect's Test button: test the form's values as they are now (saved or not)
and say what was found, including which library a movie in the first root folder would be
scanned in — a Radarr user's first worry about path mappings."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from mediaservers import services
from mediaservers.clients import KINDS
from mediaservers.clients.base import ConnectionConfig, Section
from mediaservers.forms import HEADER_MASK, ConnectionForm
from mediaservers.models import Connection
from movies.services import first_root_folder
from radarr_site.accounts.decorators import admin_required
from radarr_site.models import ProviderStatus

# The fields a Test reads; an error elsewhere (a name taken) does not stop it.
CONNECTION_FIELDS = ("base_url", "api_key", "username", "password", "method", "headers_text")
RETYPE_SECRET = "Type the token again to test a new address: a stored one is only sent to {}."
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass
class Outcome:
    """What the Test partial shows: failures as sentences, what worked, and warnings
    (it works, with a fix to make)."""

    problems: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def library_sentence(config: ConnectionConfig, sections: list[Section], folder: str) -> str:
    """Where a movie in `folder` (ours) would be scanned, through the path mappings."""
    remote = config.server_path(folder)
    seen_as = f" (the server's {remote})" if remote != posixpath.normpath(folder) else ""
    section = services.section_for(sections, config, folder)
    if section is not None:
        return f"A movie in {folder}{seen_as} is scanned in the library {section.title}."
    fix = "check the path mappings" if config.path_mappings else "add a path mapping"
    return (
        f"No library holds {folder}{seen_as}: a movie there makes a full library refresh "
        f"instead of a scan of its folder; {fix} or add the folder to a library."
    )


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, the default port written out."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port or DEFAULT_PORTS.get(scheme)
    except ValueError:  # a port that is not a number: another address anyway
        port = None
    return scheme, (parts.hostname or "").lower(), port


def reused_secret_elsewhere(form: ConnectionForm, saved: Connection, data) -> bool:
    """Would this Test send a stored secret (left empty, or a header left masked) to an
    address other than the saved one? A stored token must never reach another host."""
    if origin(form.instance.base_url) == origin(saved.base_url):
        return False
    for name in form.secret_fields:
        kept = not (data.get(name) or "").strip() and not form.cleaned_data.get(f"clear_{name}")
        if kept and getattr(saved, name):
            return True
    return bool(saved.headers) and HEADER_MASK in (data.get("headers_text") or "")


def same_as_saved(row: Connection) -> bool:
    """Are the values tested the saved connection's own (its name aside)?"""
    saved = Connection.objects.filter(pk=row.pk).first()
    return saved is not None and replace(saved.config(), name="") == replace(row.config(), name="")


def run_test(row: Connection) -> Outcome:
    """Test a connection, saved or not (network), leaving no provider status behind for
    one not saved yet. Unsaved values of a saved connection are tested as a new one, so a
    pass does not lift the saved connection's hold (their path mappings still apply)."""
    config = row.config()
    if row.pk is not None and not same_as_saved(row):
        config = replace(config, id=None)
    try:
        checked = services.check_connection(config)
    finally:
        if config.id is None:
            ProviderStatus.objects.filter(key=config.provider_key).delete()
    report = Outcome(problems=list(checked.problems))
    if checked.ok:
        report.found.append(f"{checked.summary}.")
        folder = first_root_folder()
        if checked.sections and folder:
            sentence = library_sentence(config, checked.sections, folder)
            if services.section_for(checked.sections, config, folder):
                report.found.append(sentence)
            else:
                report.warnings.append(sentence)
    return report


def form_problems(form: ConnectionForm) -> tuple[list[str], list[str]]:
    """(errors that stop the Test, errors shown beside its result)."""
    errors = [
        (name, f"{form.fields[name].label if name in form.fields else 'Form'}: {error}")
        for name, errors in form.errors.items()
        for error in errors
    ]
    blocking = [text for name, text in errors if name in ("__all__", *CONNECTION_FIELDS)]
    if blocking:
        return [text for _, text in errors], []
    return [], [text for _, text in errors]


@admin_required
@require_POST
def connection_test(request: HttpRequest) -> HttpResponse:
    """Test the values in the form, saved or not; nothing is saved. A stored key or
    password left empty in the form is used, as saving would, but only at the saved
    address: a new scheme, host or port needs the secret typed again."""
    from mediaservers.views.settings import edit_context

    pk = request.POST.get("pk")
    row = get_object_or_404(Connection, pk=pk) if pk else None
    saved = get_object_or_404(Connection, pk=pk) if pk else None  # the form edits `row`
    kind = request.POST.get("kind", "")
    if (row.kind if row else kind) not in KINDS:
        context = {"report": Outcome(problems=["Choose a kind of connection first."])}
        return render(request, "settings/partials/connection_test.html", context)
    form = ConnectionForm(request.POST, instance=row, kind=kind)
    form.is_valid()
    blocking, field_errors = form_problems(form)
    if not blocking and saved and reused_secret_elsewhere(form, saved, request.POST):
        blocking = [RETYPE_SECRET.format(urlsplit(saved.base_url).netloc)]
    report = Outcome(problems=blocking) if blocking else run_test(form.instance)
    context = {"report": report, "field_errors": field_errors, "label": form.kind_label}
    if request.htmx:
        return render(request, "settings/partials/connection_test.html", context)
    # Without JavaScript the whole page comes back, the form as typed and the result below.
    return render(request, "settings/connection_edit.html", edit_context(form, test_result=context))

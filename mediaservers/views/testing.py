"""Settings → Connect's Test button: test the form's values as they are now (saved or not)
and say what was found, including which library a movie in the first root folder would be
scanned in — a Radarr user's first worry about path mappings."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from mediaservers import services
from mediaservers.clients import KINDS
from mediaservers.clients.base import ConnectionConfig, Section
from mediaservers.forms import ConnectionForm
from mediaservers.models import Connection
from movies.models import RootFolder
from radarr_site.accounts.decorators import admin_required
from radarr_site.models import ProviderStatus

# The fields a Test reads; an error elsewhere (a name taken) does not stop it.
CONNECTION_FIELDS = ("base_url", "api_key", "username", "password", "method", "headers_text")


@dataclass
class Outcome:
    """What the Test partial shows: failures as sentences, what worked, and warnings
    (it works, with a fix to make)."""

    problems: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def first_root_folder() -> str | None:
    return RootFolder.objects.order_by("pk").values_list("path", flat=True).first()


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


def run_test(row: Connection) -> Outcome:
    """Test a connection, saved or not (network), leaving no provider status behind for
    one not saved yet."""
    config = row.config()
    try:
        checked = services.check_connection(config)
    finally:
        if row.pk is None:
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
    password left empty in the form is used, as saving would."""
    from mediaservers.views.settings import edit_context

    pk = request.POST.get("pk")
    row = get_object_or_404(Connection, pk=pk) if pk else None
    kind = request.POST.get("kind", "")
    if (row.kind if row else kind) not in KINDS:
        context = {"report": Outcome(problems=["Choose a kind of connection first."])}
        return render(request, "settings/partials/connection_test.html", context)
    form = ConnectionForm(request.POST, instance=row, kind=kind)
    form.is_valid()
    blocking, field_errors = form_problems(form)
    report = Outcome(problems=blocking) if blocking else run_test(form.instance)
    context = {"report": report, "field_errors": field_errors, "label": form.kind_label}
    if request.htmx:
        return render(request, "settings/partials/connection_test.html", context)
    # Without JavaScript the whole page comes back, the form as typed and the result below.
    return render(request, "settings/connection_edit.html", edit_context(form, test_result=context))

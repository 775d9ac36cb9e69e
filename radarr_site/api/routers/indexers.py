"""API v3: indexer, indexer/schema, indexer/test, indexer/testall.

What Prowlarr's application sync calls to push its indexers to us: it reads the schema,
fills the Torznab / Newznab entry's fields and POSTs it (again with ?forceSave=true after
a 400), PUTs changes and DELETEs what it no longer syncs. Saving goes through
indexers.services.save_indexer_from_api: the settings form's validation, then the
settings page's Test, so the API cannot store what the Settings → Indexers page would
refuse (unless forced, as the page's "Save anyway").
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from indexers import services
from radarr_site.api.core import failures, invalid, not_found
from radarr_site.api.resources.indexer import (
    IndexerResource,
    TestAllResult,
    attempted,
    form_errors,
    indexer_data,
    indexer_resource,
    test_failure,
)

router = Router(tags=["indexers"])


def _protocols() -> dict[str, str | None]:
    return {kind: protocol for kind, _, protocol in services.indexer_kinds()}


def _resource(row) -> dict:
    return indexer_resource(row, _protocols().get(row.kind))


def _save(payload: IndexerResource, *, pk: int | None, force: bool, dry_run: bool = False):
    """Save (or only test) the resource; raise the 400 Radarr answers when it cannot."""
    data, errors = indexer_data(payload)
    if pk is not None and "kind" in data and errors.get("implementation") is None:
        stored = services.indexer_by_id(pk)
        if stored is not None and data["kind"] != stored.kind:
            errors["implementation"] = "An indexer's implementation cannot change."
    if errors:
        raise invalid(errors, attempted(payload))
    try:
        outcome = services.save_indexer_from_api(data, pk=pk, force=force, dry_run=dry_run)
    except LookupError as error:
        raise not_found(str(error)) from None
    if outcome.errors:
        raise invalid(form_errors(outcome.errors), attempted(payload))
    if outcome.problems:
        kind = data.get("kind") or services.indexer_by_id(pk).kind
        raise invalid(test_failure(kind, outcome.problems, outcome.error_kind), attempted(payload))
    return outcome.row


@router.get("/indexer", response=list[IndexerResource], exclude_none=True)
def list_indexers(request: HttpRequest):
    protocols = _protocols()
    return [indexer_resource(row, protocols.get(row.kind)) for row in services.indexer_list()]


@router.get("/indexer/schema", response=list[IndexerResource], exclude_none=True)
def indexer_schema(request: HttpRequest):
    """One entry per implementation with its default field values (Prowlarr caches this
    and posts an entry back with its values filled in)."""
    return [
        indexer_resource(services.new_indexer(kind), protocol)
        for kind, _, protocol in services.indexer_kinds()
    ]


@router.post("/indexer/test", response=dict)
def test_indexer(request: HttpRequest, payload: IndexerResource):
    """Validate and test the resource as it would be saved; nothing is stored. With an id,
    the stored indexer's key stands in for "********"."""
    pk = payload.id or None
    if pk is not None and services.indexer_by_id(pk) is None:
        raise not_found(f"Indexer {pk} does not exist.")
    _save(payload, pk=pk, force=False, dry_run=True)
    return {}


@router.post("/indexer/testall", response=list[TestAllResult])
def test_all_indexers(request: HttpRequest):
    """Each stored indexer tested as the settings page's Test does (network, one by one)."""
    results = []
    for row in services.indexer_list():
        problems = services.test_indexer(row)
        results.append(
            {
                "id": row.pk,
                "isValid": not problems,
                "validationFailures": failures({"": " ".join(problems)}) if problems else [],
            }
        )
    return results


@router.get("/indexer/{int:indexer_id}", response=IndexerResource, exclude_none=True)
def get_indexer(request: HttpRequest, indexer_id: int):
    row = services.indexer_by_id(indexer_id)
    if row is None:
        raise not_found(f"Indexer {indexer_id} does not exist.")
    return _resource(row)


@router.post("/indexer", response={201: IndexerResource}, exclude_none=True)
def create_indexer(request: HttpRequest, payload: IndexerResource, forceSave: bool = False):
    row = _save(payload, pk=None, force=forceSave)
    return Status(201, _resource(row))


@router.put("/indexer/{int:indexer_id}", response={202: IndexerResource}, exclude_none=True)
def update_indexer(
    request: HttpRequest, indexer_id: int, payload: IndexerResource, forceSave: bool = False
):
    """The id comes from the path (Radarr's PUT /indexer/{id}); the body's is ignored."""
    if services.indexer_by_id(indexer_id) is None:
        raise not_found(f"Indexer {indexer_id} does not exist.")
    row = _save(payload, pk=indexer_id, force=forceSave)
    return Status(202, _resource(row))


@router.delete("/indexer/{int:indexer_id}", response=dict)
def delete_indexer(request: HttpRequest, indexer_id: int):
    if not services.delete_indexer(indexer_id):
        raise not_found(f"Indexer {indexer_id} does not exist.")
    return {}

"""An indexer created, or its address or credentials changed, has its capabilities fetched
in the background once the save commits (indexers.tasks.refresh_capabilities), so its
first searches use what it really offers rather than the defaults."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from indexers.models import Indexer

log = logging.getLogger(__name__)

# What decides which server answers and what it lets us see.
WATCHED = ("kind", "base_url", "api_path", "api_key", "username", "options")


def _address(row: Indexer) -> tuple:
    return tuple(getattr(row, name) for name in WATCHED)


@receiver(pre_save, sender=Indexer, dispatch_uid="indexers.remember_address")
def remember_address(sender: type, instance: Indexer, **kwargs: Any) -> None:
    """Keep the stored address and credentials to compare with after the save."""
    if kwargs.get("raw") or instance.pk is None:
        instance._stored_address = None
        return
    old = Indexer.objects.filter(pk=instance.pk).first()
    instance._stored_address = _address(old) if old is not None else None


@receiver(post_save, sender=Indexer, dispatch_uid="indexers.queue_capabilities")
def queue_capabilities(sender: type, instance: Indexer, created: bool, **kwargs: Any) -> None:
    """Queue the capabilities refresh of a new indexer or one whose address changed."""
    if kwargs.get("raw"):
        return
    stored = getattr(instance, "_stored_address", None)
    if not created and stored is not None and stored == _address(instance):
        return
    indexer_id = instance.pk

    def enqueue() -> None:
        from django_q.tasks import async_task

        async_task(
            "indexers.tasks.refresh_capabilities",
            indexer_id,
            group="Indexer capabilities",
            task_name=f"Indexer capabilities {indexer_id}",
        )

    # robust: a broker that cannot take the task never breaks the save.
    transaction.on_commit(enqueue, robust=True)

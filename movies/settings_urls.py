"""Settings pages (app_name "settings"), admins only: root folders, profiles, custom formats,
tags, indexers and their options (indexers.views), download clients (downloads.views.settings),
connections (mediaservers.views), general."""

from django.urls import path

from downloads.views import settings as download_settings
from indexers.views import options as indexer_options
from indexers.views import settings as indexer_settings
from mediaservers.views import settings as connection_settings
from mediaservers.views import testing as connection_testing
from movies.views import settings, settings_formats, settings_media, settings_profiles

app_name = "settings"

urlpatterns = [
    path("", settings.index, name="index"),
    path("root-folders/", settings.root_folders, name="root_folders"),
    path("root-folders/add/", settings.root_folder_add, name="root_folder_add"),
    path("root-folders/<int:pk>/remove/", settings.root_folder_remove, name="root_folder_remove"),
    path("profiles/", settings_profiles.profiles, name="profiles"),
    path("profiles/add/", settings_profiles.profile_add, name="profile_add"),
    path("profiles/<int:pk>/", settings_profiles.profile_edit, name="profile_edit"),
    path("profiles/<int:pk>/copy/", settings_profiles.profile_copy, name="profile_copy"),
    path("profiles/<int:pk>/delete/", settings_profiles.profile_delete, name="profile_delete"),
    path("quality/", settings_profiles.quality_definitions, name="quality"),
    path("custom-formats/", settings_formats.formats, name="formats"),
    path("custom-formats/add/", settings_formats.format_add, name="format_add"),
    path("custom-formats/import/", settings_formats.format_import, name="format_import"),
    path("custom-formats/export/", settings_formats.format_export_all, name="format_export_all"),
    path("custom-formats/<int:pk>/", settings_formats.format_edit, name="format_edit"),
    path("custom-formats/<int:pk>/delete/", settings_formats.format_delete, name="format_delete"),
    path("custom-formats/<int:pk>/export/", settings_formats.format_export, name="format_export"),
    path("tags/", settings.tags, name="tags"),
    path("tags/add/", settings.tag_add, name="tag_add"),
    path("tags/<int:pk>/rename/", settings.tag_rename, name="tag_rename"),
    path("tags/<int:pk>/delete/", settings.tag_delete, name="tag_delete"),
    path("indexers/", indexer_settings.indexers, name="indexers"),
    path("indexers/add/", indexer_settings.indexer_add, name="indexer_add"),
    path("indexers/test/", indexer_settings.indexer_test, name="indexer_test"),
    path("indexers/options/", indexer_options.indexer_options, name="indexer_options"),
    path("indexers/<int:pk>/", indexer_settings.indexer_edit, name="indexer_edit"),
    path("indexers/<int:pk>/delete/", indexer_settings.indexer_delete, name="indexer_delete"),
    path("indexers/<int:pk>/capabilities/", indexer_settings.indexer_caps, name="indexer_caps"),
    path(
        "indexers/<int:pk>/import-prowlarr/",
        indexer_settings.indexer_import_prowlarr,
        name="indexer_import_prowlarr",
    ),
    path("download-clients/", download_settings.download_clients, name="download_clients"),
    path(
        "download-clients/add/", download_settings.download_client_add, name="download_client_add"
    ),
    path(
        "download-clients/test/",
        download_settings.download_client_test,
        name="download_client_test",
    ),
    path(
        "download-clients/<int:pk>/",
        download_settings.download_client_edit,
        name="download_client_edit",
    ),
    path(
        "download-clients/<int:pk>/delete/",
        download_settings.download_client_delete,
        name="download_client_delete",
    ),
    path(
        "download-clients/<int:pk>/mappings/add/",
        download_settings.download_client_mapping_add,
        name="download_client_mapping_add",
    ),
    path(
        "download-clients/<int:pk>/mappings/<int:mapping_pk>/delete/",
        download_settings.download_client_mapping_delete,
        name="download_client_mapping_delete",
    ),
    path("connect/", connection_settings.connections, name="connections"),
    path("connect/add/", connection_settings.connection_add, name="connection_add"),
    path("connect/test/", connection_testing.connection_test, name="connection_test"),
    path("connect/<int:pk>/", connection_settings.connection_edit, name="connection_edit"),
    path(
        "connect/<int:pk>/delete/", connection_settings.connection_delete, name="connection_delete"
    ),
    path(
        "connect/<int:pk>/mappings/add/",
        connection_settings.connection_mapping_add,
        name="connection_mapping_add",
    ),
    path(
        "connect/<int:pk>/mappings/<int:mapping_pk>/delete/",
        connection_settings.connection_mapping_delete,
        name="connection_mapping_delete",
    ),
    path(
        "connect/<int:pk>/deliveries/<int:delivery_pk>/retry/",
        connection_settings.connection_delivery_retry,
        name="connection_delivery_retry",
    ),
    path("media-management/", settings_media.media_management, name="media_management"),
    path(
        "media-management/preview/",
        settings_media.media_management_preview,
        name="media_management_preview",
    ),
    path("general/", settings.general, name="general"),
    path("general/test-tmdb/", settings.general_test, name="general_test"),
    path("general/api-key/regenerate/", settings.api_key_regenerate, name="api_key_regenerate"),
]

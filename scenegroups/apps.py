from django.apps import AppConfig


class SceneGroupsConfig(AppConfig):
    name = "scenegroups"
    verbose_name = "Scene groups"

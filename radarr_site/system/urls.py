from django.urls import path

from radarr_site.system import views

app_name = "system"

urlpatterns = [path("status/", views.status, name="status")]

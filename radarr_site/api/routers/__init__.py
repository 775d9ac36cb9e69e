"""One router per resource family of the API v3 (see radarr_site/api/__init__.py)."""

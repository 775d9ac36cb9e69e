"""Radarr-shaped resources the API routers serve, built from our models."""

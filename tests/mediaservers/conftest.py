"""Fixtures shared by the mediaservers tests: the in-process fake connection kinds."""

from tests.fakes.connection import fake_connections  # noqa: F401 (fixture)

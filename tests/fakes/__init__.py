"""Fakes of external services at the HTTP boundary, one module per service."""

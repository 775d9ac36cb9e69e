"""The project package: settings, URLs, accounts, the shared HTTP toolkit and the system pages."""

__version__ = "0.1.0"

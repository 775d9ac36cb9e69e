"""Settings → Connect pages (admins only)."""

"""Custom formats: conditions (specs), matching and scores (matcher), Radarr JSON (transfer)."""

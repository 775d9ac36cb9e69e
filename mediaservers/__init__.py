"""Media servers and notifications: Plex, Jellyfin, Emby, webhooks."""

"""Download clients, the tracked download, the queue, import, blocklist and history."""

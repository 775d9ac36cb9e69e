"""Scene-group reputation from HDBits analysis and our own history."""

"""System pages: status, health, tasks, logs."""

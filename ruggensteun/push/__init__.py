"""Push notifications (Web Push) and their settings."""

"""Secure messages between a patient and the practice."""

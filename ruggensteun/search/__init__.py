"""Answers in the patient's own words (full-text search)."""

"""Patients like this one: outcomes of similar closed episodes."""

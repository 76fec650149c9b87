"""Answers in the patient's own words (full-text search).

One small interface: ``find(question, language, pages=None) -> list[Hit]``; the engine
behind it is chosen by the database vendor (search.engines)."""

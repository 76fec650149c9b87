"""The clinical core: instruments and scoring, triage, classification and the programme engine.

Plain, typed Python with no Django import, so that every clinical rule can be read,
tested and run on its own (see docs/architecture.md).
"""

"""Fixtures for signed-in staff (loaded for every test through pyproject's `-p`)."""

"""Shared building blocks: qualified numbers, dates with precision, sources, publication state.

Every app may use this package; it imports none of them.
"""

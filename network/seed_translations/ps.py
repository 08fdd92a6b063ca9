"""The seed content in ps: see network.seed_translations."""

TEXTS = {}

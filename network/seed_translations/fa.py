"""The seed content in fa: see network.seed_translations."""

TEXTS = {}

"""Thin chat-platform adapters over the `bot` core: one package per platform."""

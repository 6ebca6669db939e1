"""Rendering: inventory model -> per-device configuration text."""

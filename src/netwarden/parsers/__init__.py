"""Parsers: device configuration text -> the normalised :class:`ParsedConfig`."""

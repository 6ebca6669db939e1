"""Shared services with no knowledge of networks: the worker pool, the on-disk caches, atomic writes."""

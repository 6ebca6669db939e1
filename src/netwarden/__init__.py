"""netwarden: render, verify and enforce the e-government network baseline."""

__version__ = "0.1.0"

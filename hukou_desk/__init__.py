"""hukou-desk: the household-registration counter's caseworker desktop."""

__version__ = "0.1.0"

"""cchc — static generator for Vietnamese administrative-reform (CCHC) portals."""

__version__ = "0.1.0"

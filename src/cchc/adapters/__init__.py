"""Adapters from the core (load → validate → catalog → page data) to site generators."""

"""Ingest: documents and record exports → records → RDF, stored through ``kg``."""

"""Thin MkDocs adapters: config declared as `base.Config` subclasses, events only translate."""

"""PDF handout packs: which packs a cohort has (registry: outputs.py), print HTML (templates), PDF rendering."""

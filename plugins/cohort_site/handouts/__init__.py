"""PDF handout packs: which packs a cohort has (catalog), print HTML (templates), PDF rendering."""

"""Rewrites of the site after the page builders: the rendered HTML of a page (phrase-aware line
breaks, table cells labelled for phones, the table of contents read back) and the built search
index (Japanese words). The site plugin calls them from its events; nothing here imports MkDocs."""

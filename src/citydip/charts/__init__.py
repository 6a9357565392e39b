"""Stage 3, charts: every chart of the documents, with captions, written as offline HTML and JSON."""

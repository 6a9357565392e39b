"""Stage 1, ingest: the documents checked, every figure of the registry located and converted, coverage."""

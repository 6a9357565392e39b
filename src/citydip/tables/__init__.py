"""Stage 2, tables: the printed tables rebuilt, the six-city table, the policy matrix and its claims."""

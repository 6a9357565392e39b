"""Build tooling: the notebook runner, scratch copies, the benchmark, the static chart export, the conda file."""

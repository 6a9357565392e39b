"""``python -m citydip.bench``, as the README documents it: the benchmark lives in :mod:`citydip.tooling.bench`."""

import sys

from citydip.tooling.bench import main

if __name__ == "__main__":
    sys.exit(main())

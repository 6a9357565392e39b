"""``python -m citydip.ingest``: see :mod:`citydip.ingest.pipeline`."""

import sys

from citydip.ingest.pipeline import main

if __name__ == "__main__":
    sys.exit(main())

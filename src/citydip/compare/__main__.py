"""``python -m citydip.compare``: see :mod:`citydip.compare.cli`."""

import sys

from citydip.compare.cli import main

if __name__ == "__main__":
    sys.exit(main())

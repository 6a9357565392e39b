"""``python -m citydip.compare``: see :mod:`citydip.compare.comparison`."""

import sys

from citydip.compare.comparison import main

if __name__ == "__main__":
    sys.exit(main())

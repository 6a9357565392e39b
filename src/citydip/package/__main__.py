"""``python -m citydip.package``: see :mod:`citydip.package.build`."""

import sys

from citydip.package.build import main

if __name__ == "__main__":
    sys.exit(main())

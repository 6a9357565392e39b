"""``python -m citydip.kit``: see :mod:`citydip.kit.build`."""

import sys

from citydip.kit.build import main

if __name__ == "__main__":
    sys.exit(main())

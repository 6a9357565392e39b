"""``python -m citydip.site``: see :mod:`citydip.site.build`."""

import sys

from citydip.site.build import main

if __name__ == "__main__":
    sys.exit(main())

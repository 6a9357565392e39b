"""``python -m citydip.audit``: see :mod:`citydip.audit.engine`."""

import sys

from citydip.audit.engine import main

if __name__ == "__main__":
    sys.exit(main())

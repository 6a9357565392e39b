"""``python -m citydip.audit``: see :mod:`citydip.audit.cli`."""

import sys

from citydip.audit.cli import main

if __name__ == "__main__":
    sys.exit(main())

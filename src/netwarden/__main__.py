"""``python -m netwarden``: the command line."""

import sys

from netwarden.cli import main

sys.exit(main())

"""``python -m pynix``: the same as the ``pynix`` command."""

import sys

from pynix.cli import main

sys.exit(main())

"""``python -m inclusion_widgets.cli`` runs the same command as ``inclusion-workbook``."""

import sys

from inclusion_widgets.cli import main

sys.exit(main())

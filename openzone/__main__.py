import sys

from openzone.cli import main

sys.exit(main())

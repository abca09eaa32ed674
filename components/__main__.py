"""`python -m components ...` runs the command line."""

from components.cli import main

raise SystemExit(main())

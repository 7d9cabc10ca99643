"""``python -m tests.evidence``: write the committed evidence reports again."""

from . import main

main()

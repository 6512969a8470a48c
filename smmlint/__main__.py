"""``python -m smmlint``."""

from smmlint.cli import main

main()

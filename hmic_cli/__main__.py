"""Allow ``python -m hmic_cli``."""

from .cli import main

main()

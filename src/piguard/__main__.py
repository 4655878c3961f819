"""``python -m piguard`` runs the command line."""

from piguard.cli import main

main()

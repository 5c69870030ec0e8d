#!/usr/bin/env python3
"""python generate.py build 收到的报表/ -o output/ (the CLI is yearend/cli.py)."""
from yearend.cli import cli

if __name__ == "__main__":
    cli(prog_name="generate.py")

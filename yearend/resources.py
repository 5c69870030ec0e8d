"""Where the data that ships with the program is: the bundled templates and sample
workbooks, in a checkout or installed."""

from __future__ import annotations

from pathlib import Path


def bundled(installed: str, checkout_folder: str, probe: str) -> Path:
    """A folder of data that ships with the program: in a checkout, the top-level folder
    the clerk sees (``templates/``, ``input_samples/``); installed, the package's data
    (``yearend/templates``, ``yearend/samples``), found with importlib.resources."""
    here = Path(__file__).resolve().parent.parent / checkout_folder
    if (here / probe).is_file():
        return here
    from importlib.resources import files

    return Path(str(files("yearend"))) / installed  # a wheel installs as plain files


DEFAULT_TEMPLATES = bundled("templates", "templates", "实施方案.docx")
SAMPLES = bundled("samples", "input_samples", "青山县教育局.xlsx")

"""yearend: year-end team documents from unit workbooks."""

__version__ = "0.1.0"

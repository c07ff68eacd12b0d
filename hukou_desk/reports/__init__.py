"""Statistics written out: spreadsheets, CSV and the monthly report PDF (no Qt)."""

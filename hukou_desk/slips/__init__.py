"""The printed slips: their content from a case, their signed QR code, their PDF (no Qt)."""

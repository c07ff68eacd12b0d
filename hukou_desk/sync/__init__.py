"""Offline sync: signed, encrypted export bundles from stations, idempotent import at the centre."""

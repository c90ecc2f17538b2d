"""Compose steps: join analyzer outputs by offsets into events and checks (no re-parsing)."""

"""View-models: what each screen shows, computed from the store (no Qt)."""

"""Content model, readers, simplification and storage. Plain Python: no Qt in this package."""

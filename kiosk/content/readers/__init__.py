"""Format readers: one module per input format; none of them imports Qt."""

"""Qt Widgets user interface. Screens render view-models; they never fetch, parse or store."""

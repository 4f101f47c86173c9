"""The `kiosk` command: parsers and sub-commands (see DESIGN.md, "CLI contract")."""

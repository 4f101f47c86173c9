"""Process exit codes shared by every command and the kiosk itself (DESIGN.md, "CLI contract")."""

EXIT_OK = 0
EXIT_PROBLEMS = 1  # the command ran and found problems (a failed source, a bad package)
EXIT_USAGE = 2  # wrong arguments, unusable config or store
EXIT_RESTART = 75  # EX_TEMPFAIL: "start me again" (systemd restarts; otherwise we re-exec)

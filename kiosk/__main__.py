import gc

# Start-up allocates many long-lived objects (modules, Qt enum classes); collecting while
# importing them cost a few ms of cold start (bench/coldstart.py). The collector comes back
# once the first frame is shown (kiosk.ui.app.run), or at once for every other command.
gc.disable()

from kiosk.start_phases import mark  # noqa: E402 - the start's first moment

mark("start")
from kiosk.cli.main import main  # noqa: E402

raise SystemExit(main())

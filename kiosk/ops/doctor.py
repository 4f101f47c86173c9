"""`kiosk doctor`: one line per check with ✔ or ✖, and how to fix each ✖.

Every check is a small function returning a ``Check``; none raises. Qt is imported lazily so
the doctor still reports (with a ✖) on a machine where Qt itself is broken.
"""

from __future__ import annotations

import os
import shutil
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path

from kiosk import __version__
from kiosk.config import Config, ConfigError, load_config
from kiosk.content.alerts import is_ambiguous
from kiosk.content.model import Source
from kiosk.content.store import utc_now
from kiosk.fonts import FAMILIES, FONT_DIR, FONT_FILES, SYSTEM_FONT_PACKAGES
from kiosk.i18n import gettext as _
from kiosk.i18n.dates import LOCAL_TZ
from kiosk.ops import recovery
from kiosk.ops.display import has_display, use_offscreen_if_headless
from kiosk.ops.paths import state_dir
from kiosk.ops.pin import load_pin
from kiosk.ops.schedule import OpeningHours, ScheduleError, parse_time
from kiosk.speech.engines import speech_engines

MIN_FREE_BYTES = 200 * 1024 * 1024
NETWORK_TIMEOUT = 3.0


@dataclass(frozen=True, slots=True)
class Check:
    name: str  # in the UI language
    ok: bool
    detail: str
    hint: str = ""
    key: str = ""  # stable id for --json readers: python, qt, store, source:<id>, …

    def line(self) -> str:
        mark = "✔" if self.ok else "✖"
        text = f"{mark} {self.name}: {self.detail}"
        if not self.ok and self.hint:
            text += f" — {_('fix')}: {self.hint}"
        return text

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info >= (3, 11)
    return Check("Python", ok, version, _("install Python 3.11 or newer"))


def check_qt() -> Check:
    try:
        import PySide6
        from PySide6 import QtCore
    except ImportError as exc:
        return Check("Qt", False, str(exc), _("reinstall: pip install PySide6-Essentials"))
    return Check("Qt", True, f"PySide6 {PySide6.__version__}, Qt {QtCore.qVersion()}")


def check_display() -> Check:
    if has_display():
        where = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY") or "native"
        return Check(_("Display"), True, where)
    return Check(
        _("Display"),
        False,
        _("no display found"),
        _("start the kiosk in a graphical session, or with deploy/hiroba-cage-session.sh"),
    )


def check_fonts() -> Check:
    missing = [name for name in FONT_FILES if not (FONT_DIR / name).is_file()]
    if missing:
        return Check(_("Fonts"), False, ", ".join(missing), _("restore the assets/fonts folder"))
    try:
        from PySide6.QtGui import QFontDatabase, QGuiApplication
    except ImportError as exc:
        return Check(_("Fonts"), False, str(exc), _("reinstall: pip install PySide6-Essentials"))
    if QGuiApplication.instance() is None:
        from PySide6.QtWidgets import QApplication

        use_offscreen_if_headless()
        # A QApplication, not a bare QGuiApplication: this one lives on, and a QGuiApplication
        # would make any later window in the process abort ("Must construct a QApplication").
        check_fonts.app = QApplication(sys.argv[:1])  # type: ignore[attr-defined]
    families: set[str] = set()
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        if font_id < 0:
            return Check(_("Fonts"), False, name, _("the font file is damaged: restore it"))
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    known = set(QFontDatabase.families())
    for family, package in SYSTEM_FONT_PACKAGES.items():
        if family not in known:
            return Check(
                _("Fonts"),
                False,
                family,
                _("install it: sudo apt-get install {package}").format(package=package),
            )
    return Check(_("Fonts"), True, ", ".join(f for f in FAMILIES if f in known | families))


def check_speech() -> Check:
    names = speech_engines()
    if names is None:
        return Check(
            _("Speech"), False, _("not installed"), _("install the kiosk with its speech engines")
        )
    if not names:
        return Check(_("Speech"), False, _("no engine found"), _("install pyopenjtalk-plus"))
    natural = any("openjtalk" in n.lower() for n in names)
    detail = ", ".join(names)
    if not natural:
        return Check(
            _("Speech"),
            False,
            detail + " — " + _("no natural Japanese voice"),
            _("install pyopenjtalk-plus"),
        )
    return Check(_("Speech"), True, detail)


def check_sound() -> Check:
    """A sound output device exists and plays (read-aloud and the alert chime need it)."""
    from kiosk.speech import audio_output_problem

    problem = audio_output_problem()
    if problem is None:
        return Check(_("Sound output"), True, _("Sound device found"))
    return Check(
        _("Sound output"),
        False,
        problem,
        _("connect speakers or headphones, switch them on and check the volume"),
    )


def check_config(config_path: Path | None) -> tuple[Check, Config | None]:
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        return Check(_("Config"), False, str(exc), _("correct the file at the line named")), None
    try:
        OpeningHours.parse(str(config.get("opening_hours")))
        if str(config.get("maintenance_time")).strip():
            parse_time(str(config.get("maintenance_time")))
    except ScheduleError as exc:
        where = str(config.path or "")
        return Check(_("Config"), False, f"{where}: {exc}", _("correct the opening hours")), config
    where = str(config.path) if config.path else _("none (the demo content is shown)")
    return Check(_("Config"), True, f"{where}, {len(config.sources)} " + _("sources")), config


def check_area_codes(config: Config) -> Check:
    """A bare 3-digit code matches that number in every JMA list: 350 is 東京都２３区 among seismic
    areas and 富山県 among tsunami areas, so such a kiosk would show another region's warning."""
    codes = [str(code) for code in config.get("area_codes")]
    if not codes:
        return Check(_("Area codes"), True, _("none set: alerts for every area are shown"))
    ambiguous = [code for code in codes if is_ambiguous(code)]
    if ambiguous:
        detail = _(
            "{codes}: a 3-digit code names different places in JMA's seismic, tsunami and "
            "volcano lists"
        ).format(codes=", ".join(ambiguous))
        hint = _('write each with its list in area_codes, e.g. "seismic:{code}", "tsunami:{code}"')
        return Check(_("Area codes"), False, detail, hint.format(code=ambiguous[0]))
    return Check(_("Area codes"), True, ", ".join(codes))


def check_pin() -> Check:
    if load_pin() is None:
        return Check(
            _("Admin PIN"),
            False,
            _("not set: the staff menu opens only from the command line"),
            "kiosk set-pin",
        )
    return Check(_("Admin PIN"), True, _("set"))


def check_store(store_path: Path) -> Check:
    result = recovery.integrity(store_path)
    if result == "missing":
        return Check(_("Store"), True, _("not created yet (made at the first start)"))
    if result != "ok":
        return Check(
            _("Store"),
            False,
            f"{store_path}: {result}",
            _("restart the kiosk: it restores the last good copy"),
        )
    size = sum(
        p.stat().st_size for p in store_path.parent.glob(store_path.name + "*") if p.is_file()
    )
    backup = recovery.backup_path(store_path)
    kept = _("last good copy kept") if backup.exists() else _("no last good copy yet")
    return Check(_("Store"), True, f"integrity ok, {size // 1024} KiB, {kept}")


def check_recovery(store_path: Path, now: datetime | None = None) -> Check:
    note = recovery.recent_note(store_path.parent, now)
    if note is None:
        return Check(_("Store recovery"), True, _("no repair needed recently"))
    return Check(
        _("Store recovery"),
        False,
        _("restored at {when}: {reason}").format(
            when=datetime.fromisoformat(note["at"]).astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M"),
            reason=note["reason"],
        ),
        _("if it happens again, check the disk (SD card) and the power supply"),
    )


def check_disk(path: Path) -> Check:
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    ok = free >= MIN_FREE_BYTES
    return Check(
        _("Disk space"), ok, f"{free // (1024 * 1024)} MiB free", _("free some disk space")
    )


def check_clock(now: datetime | None = None) -> Check:
    now = now or utc_now()
    # The clock cannot be earlier than this program's own files were written.
    built = datetime.fromtimestamp(Path(__file__).stat().st_mtime, now.tzinfo)
    ok = now.year < 2100 and (built - now).days < 1
    return Check(
        _("Clock"),
        ok,
        now.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M %Z"),
        _("set the date and time (or enable network time: timedatectl set-ntp true)"),
    )


def check_logs() -> Check:
    directory = state_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        return Check(_("Logs"), False, str(exc), _("make the state folder writable"))
    return Check(_("Logs"), True, str(directory))


def check_printer(config: Config | None) -> Check:
    wanted = str(config.get("printer")) if config else ""
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError as exc:
        return Check(_("Printer"), not wanted, str(exc), _("reinstall PySide6-Essentials"))
    names = QPrinterInfo.availablePrinterNames()
    if wanted:
        ok = wanted in names
        return Check(
            _("Printer"),
            ok,
            wanted if ok else _("{name} not found").format(name=wanted),
            _("check the printer name in the config, and that the printer is on"),
        )
    default = QPrinterInfo.defaultPrinterName()
    if default:
        return Check(_("Printer"), True, default)
    return Check(_("Printer"), True, _("none set up (the Print button is hidden)"))


def check_source(source: Source, timeout: float = NETWORK_TIMEOUT) -> Check:
    name = _("Source") + f" {source.id}"
    if not source.enabled:
        return Check(name, True, _("switched off"))
    location = source.location
    if not location.startswith(("http://", "https://")):
        ok = Path(location).exists()
        return Check(name, ok, location, _("check the path in the config"))
    try:
        request = urllib.request.Request(location, method="HEAD")
        request.add_header("User-Agent", f"hiroba-kiosk/{__version__} doctor")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            if exc.code not in (403, 405, 501):  # some servers refuse HEAD: try a GET
                raise
            request = urllib.request.Request(location, headers=request.headers)
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = response.status
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(exc, urllib.error.HTTPError):
            reason = f"HTTP {exc.code} {exc.reason}"
        return Check(
            name,
            False,
            f"{location}: {reason}",
            _("check the network cable or Wi-Fi, and the address"),
        )
    return Check(name, True, f"{location} (HTTP {status})")


def check_metrics(config: Config, timeout: float = NETWORK_TIMEOUT) -> Check:
    """[metrics] (issue 18): where the health is served, and whether the Pushgateway answers."""
    settings = config.metrics
    parts = []
    if settings.serving:
        host = f"[{settings.listen_host}]" if ":" in settings.listen_host else settings.listen_host
        parts.append(_("serving {url}").format(url=f"http://{host}:{settings.listen_port}/metrics"))
    if settings.pushing:
        parts.append(
            _("pushing to {url} every {n} s").format(url=settings.push_url, n=settings.push_seconds)
        )
        ready = settings.push_url.rstrip("/") + "/-/healthy"
        try:
            request = urllib.request.Request(ready, headers={"User-Agent": "hiroba-kiosk doctor"})
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = response.status
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            detail = "; ".join(parts) + f" — {_('not reachable')}: {reason}"
            return Check(
                _("Metrics"), False, detail, _("check push_url in [metrics], and the network")
            )
        parts[-1] += f" (HTTP {status})"
    return Check(_("Metrics"), True, "; ".join(parts))


def run_checks(
    config_path: Path | None = None, source_check: Callable[[Source], Check] = check_source
) -> list[Check]:
    checks: list[tuple[str, Check]] = [
        ("python", check_python()),
        ("qt", check_qt()),
        ("display", check_display()),
        ("fonts", check_fonts()),
        ("speech", check_speech()),
        ("sound", check_sound()),
    ]
    config_check, config = check_config(config_path)
    checks.append(("config", config_check))
    if config is not None:
        checks.append(("area_codes", check_area_codes(config)))
    checks.append(("pin", check_pin()))
    if config is not None:
        checks.append(("store", check_store(config.store_path)))
        checks.append(("store_recovery", check_recovery(config.store_path)))
        checks.append(("disk", check_disk(config.data_dir)))
    checks += [("clock", check_clock()), ("logs", check_logs()), ("printer", check_printer(config))]
    if config is not None and config.metrics.enabled:
        checks.append(("metrics", check_metrics(config)))
    if config is not None:
        checks += [(f"source:{s.id}", source_check(s)) for s in config.sources]
    return [replace(check, key=key) for key, check in checks]

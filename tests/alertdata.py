"""Real alert files for tests (copies under tests/data, see PROVENANCE.md there), and the two
derived inputs the samples cannot supply.

The public samples hold no original + cancellation pair (the official 取消 sample cancels a 2021
津波注意報 that is not published; the signed IPAWS cancel references an alert not in the set).
To test the chain end to end, ``jmx_original_for_cancel`` moves the real Noto VTSE41 onto the
cancel sample's EventID and a report time just before it, and ``cap_original_for_cancel`` gives
the real Montgomery IPAWS alert the identifier the IPAWS cancel references. Only those fields
are touched, by plain string replacement; everything else stays byte-for-byte real.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

DATA = Path(__file__).resolve().parent / "data"
JST = ZoneInfo("Asia/Tokyo")

NOTO_TSUNAMI = "VTSE41_20240101_noto_otsunami_keiho_real.xml"
NOTO_SHINDO = "VXSE51_20240101_noto_shindo_sokuho_real.xml"
TSUNAMI_CANCEL = "VTSE41_cancel_torikeshi_sample_official.xml"
EQVOL_FEED = "feed_eqvol_20240101_noto_real.xml"
IPAWS_CANCEL = "ipaws_nevada_cancel_signed.xml"
IPAWS_ALERT = "ipaws_montgomery_lae_polygon.xml"
CANCELLED_CAP_ID = "AS-NV-e18921c7-1b35-4a81-9705-42d25c265ddd"

# While the real Noto tsunami warning was in force (issued 16:22 JST).
NOTO_NOW = datetime(2024, 1, 1, 16, 30, tzinfo=JST)
# Between the derived original (12:40) and the real cancel sample (12:56).
CANCEL_CHAIN_NOW = datetime(2021, 8, 5, 12, 50, tzinfo=JST)
# While the Montgomery IPAWS alert was in force.
IPAWS_NOW = datetime(2019, 12, 13, 13, 30, tzinfo=ZoneInfo("America/Los_Angeles"))


def jmx(name: str) -> bytes:
    return (DATA / "jmx" / name).read_bytes()


def cap(name: str) -> bytes:
    return (DATA / "cap" / name).read_bytes()


def jmx_original_for_cancel() -> bytes:
    data = jmx(NOTO_TSUNAMI)
    for old, new in (
        ("<EventID>20240101161010</EventID>", "<EventID>20210805103531</EventID>"),
        (
            "<ReportDateTime>2024-01-01T16:22:00+09:00</ReportDateTime>",
            "<ReportDateTime>2021-08-05T12:40:00+09:00</ReportDateTime>",
        ),
    ):
        assert old.encode() in data
        data = data.replace(old.encode(), new.encode())
    return data


def cap_original_for_cancel() -> bytes:
    data = cap(IPAWS_ALERT)
    old = b"<identifier>402013233923688</identifier>"
    assert old in data
    return data.replace(old, f"<identifier>{CANCELLED_CAP_ID}</identifier>".encode())

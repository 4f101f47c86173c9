"""Rules for package.toml beyond what the reader needs: typos, contact, dates, languages."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk.content.findings import Finding
from kiosk.content.package_toml import line_of_key
from kiosk.i18n import gettext as _

MANIFEST_KEYS = (
    "id",
    "category",
    "languages",
    "title",
    "author_group",
    "contact",
    "valid_from",
    "valid_until",
    "priority",
)
CONTACT_KEYS = ("name", "phone", "email", "hours")
# Free mail addresses are usually a person's; a kiosk page must name an organisation.
PERSONAL_MAIL = (
    "gmail.com",
    "yahoo.co.jp",
    "icloud.com",
    "outlook.jp",
    "hotmail.com",
    "docomo.ne.jp",
)

# --- package.toml --------------------------------------------------------------------------


def check_manifest(path: Path, text: str, data: dict[str, Any], today: date) -> list[Finding]:
    found: list[Finding] = []

    def line(key: str) -> int | None:
        return line_of_key(path, key, text)

    for key in data:
        if key not in MANIFEST_KEYS:
            found.append(
                Finding(
                    path,
                    line(key),
                    _("unknown key '{key}' (known: {known})").format(
                        key=key, known=", ".join(MANIFEST_KEYS)
                    ),
                    error=False,
                )
            )
    if not data.get("author_group"):
        found.append(
            Finding(path, None, _("add author_group: the group that wrote this"), error=False)
        )
    contact = data.get("contact")
    if contact is None:
        found.append(
            Finding(
                path,
                None,
                _("add a [contact] table with the organisation's name and phone (not a person)"),
                error=False,
            )
        )
    elif isinstance(contact, dict):
        if not contact.get("name"):
            found.append(
                Finding(path, line("contact"), _("[contact] needs the organisation's name"))
            )
        email = str(contact.get("email", ""))
        if email.lower().endswith(PERSONAL_MAIL):
            found.append(
                Finding(
                    path,
                    line("email"),
                    _("{email} looks like a personal address: give the organisation's").format(
                        email=email
                    ),
                )
            )
        for key in contact:
            if key not in CONTACT_KEYS:
                found.append(
                    Finding(
                        path,
                        line(key),
                        _("unknown key '{key}' (known: {known})").format(
                            key=key, known=", ".join(CONTACT_KEYS)
                        ),
                        error=False,
                    )
                )
    priority = data.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool) or not 0 <= priority <= 9:
        found.append(Finding(path, line("priority"), _("'priority' must be a whole number 0–9")))
    valid_from, valid_until = as_day(data.get("valid_from")), as_day(data.get("valid_until"))
    if valid_until is not None and valid_until < today:
        found.append(
            Finding(
                path,
                line("valid_until"),
                _("valid_until {day} is in the past: nothing would be shown").format(
                    day=valid_until.isoformat()
                ),
            )
        )
    if valid_from and valid_until and valid_until < valid_from:
        found.append(Finding(path, line("valid_until"), _("valid_until is before valid_from")))
    languages = data.get("languages")
    if isinstance(languages, list):
        if "ja" not in languages:
            found.append(
                Finding(path, line("languages"), _("'languages' should include \"ja\""), False)
            )
        titles = data.get("title") if isinstance(data.get("title"), dict) else {}
        for lang in languages:
            if not re.fullmatch(r"[a-z]{2}(-[A-Za-z]+)?", str(lang)):
                found.append(
                    Finding(
                        path,
                        line("languages"),
                        _("'{lang}' is not a language code like ja or en").format(lang=lang),
                    )
                )
            elif lang not in titles:
                found.append(
                    Finding(
                        path,
                        line("title"),
                        _("the [title] table has no '{lang}' title").format(lang=lang),
                        error=False,
                    )
                )
    return found


def as_day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None

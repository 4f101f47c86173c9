"""A digest for noticing change (a package's files, a catalog's cache name) that leaves OpenSSL
out of the kiosk's UI process.

``import hashlib`` loads OpenSSL's libcrypto at once (3.3 MiB of resident memory and ~3 ms of
every start), also for a hash Python implements itself. BLAKE2 is one of those: CPython's own
``_blake2`` module, which hashlib itself wraps. Not for passwords or signatures (those use
hashlib and cryptography where they are needed: kiosk/ops/pin.py, kiosk/content/bundle.py).
"""

from __future__ import annotations

try:
    from _blake2 import blake2b as _blake2b
except ImportError:  # a Python built without it: hashlib's (and OpenSSL) after all
    from hashlib import blake2b as _blake2b


def fingerprint():  # noqa: ANN201 - a BLAKE2b hash object (update, hexdigest)
    """A new 256-bit BLAKE2b hash."""
    return _blake2b(digest_size=32)

"""Signed region bundles: publish once, every kiosk in the region pulls, nobody can alter.

A bundle is a folder of static files that any plain HTTP server or CDN can serve::

    bundle.json          {"format", "payload": {...}, "signature"}  (Ed25519 over the payload)
    objects/<sha256>     every file of every package, named by its own SHA-256

The payload lists each file (``<package id>/<path>``) with its SHA-256 and size, the
region, the publisher's public key and a ``sequence`` that grows with every publish, so a
kiosk can refuse an older (replayed) manifest. Kiosks pin the region's public key in their
config; see kiosk/content/bundle_client.py for fetching.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.content.packages import PACKAGE_ID
from kiosk.content.problems import ContentError, Problem
from kiosk.i18n import gettext as _

if TYPE_CHECKING:
    pass

FORMAT = "hiroba-bundle/1"
MANIFEST = "bundle.json"
OBJECTS = "objects"
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
# The same rule as a package.toml id: no "/", no "..", nothing absolute.


class BundleError(ContentError):
    """A bundle that must not be used: the message says why, in one line."""

    def __init__(self, where: Path | str, message: str) -> None:
        # A URL stays a string: Path() would fold its "//".
        place = where if isinstance(where, str) and "://" in where else Path(str(where))
        super().__init__(Problem(place, None, message))  # type: ignore[arg-type]
        self.reason = message


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: str  # "<package id>/<relative path>", always with forward slashes
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Manifest:
    region: str
    sequence: int
    created: str
    public_key: str
    packages: tuple[str, ...]
    files: tuple[FileEntry, ...]
    digest: str  # SHA-256 of the signed payload bytes: identifies this exact manifest

    def payload(self) -> dict[str, Any]:
        return manifest_payload(
            self.region, self.sequence, self.created, self.public_key, self.packages, self.files
        )


# --- keys -----------------------------------------------------------------------------------


def generate_key(out: Path) -> str:
    """Write a new private key (PEM, owner-only) to ``out`` and its public key to out.pub."""
    out = Path(out)
    if out.exists():
        raise BundleError(out, _("the key file already exists; it is not overwritten"))
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    public = public_key_text(key.public_key())
    Path(f"{out}.pub").write_text(public + "\n", encoding="ascii")
    return public


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise BundleError(
            path, _("cannot read the private key ({error})").format(error=exc)
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise BundleError(path, _("the key is not an Ed25519 key"))
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def read_public_key(text_or_path: str) -> str:
    """A public key given inline (base64) or as a .pub file; returns the base64 text."""
    candidate = Path(text_or_path)
    text = candidate.read_text(encoding="ascii").strip() if candidate.is_file() else text_or_path
    _public_key(text, candidate)
    return text.strip()


def _public_key(text: str, where: Path | str = "-") -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise BundleError(where, _("not a valid public key ({error})").format(error=exc)) from exc


def fingerprint(public_key: str) -> str:
    digest = hashlib.sha256(base64.b64decode(public_key)).hexdigest()
    return ":".join(digest[i : i + 4] for i in range(0, 16, 4))


# --- manifest -------------------------------------------------------------------------------


def manifest_payload(
    region: str,
    sequence: int,
    created: str,
    public_key: str,
    packages: tuple[str, ...],
    files: tuple[FileEntry, ...],
) -> dict[str, Any]:
    return {
        "region": region,
        "sequence": sequence,
        "created": created,
        "public_key": public_key,
        "packages": list(packages),
        "files": {f.path: {"sha256": f.sha256, "size": f.size} for f in files},
    }


def canonical(payload: dict[str, Any]) -> bytes:
    """The exact bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign_manifest(payload: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    signature = key.sign(canonical(payload))
    document = {
        "format": FORMAT,
        "payload": payload,
        "signature": base64.b64encode(signature).decode("ascii"),
    }
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode() + b"\n"


def parse_manifest(raw: bytes, where: str, trusted: tuple[str, ...] = ()) -> Manifest:
    """Parse and verify a bundle.json; with ``trusted`` keys, its key must be one of them."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise BundleError(where, _("the manifest is too large"))
    try:
        document = json.loads(raw.decode("utf-8"))
        payload = document["payload"]
        signature = base64.b64decode(document["signature"], validate=True)
        fmt = document["format"]
    except RecursionError:
        raise BundleError(where, _("the manifest is nested too deeply; it is refused")) from None
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise BundleError(
            where, _("the manifest is damaged or truncated ({error})").format(error=_short(exc))
        ) from exc
    if fmt != FORMAT:
        raise BundleError(where, _("unknown bundle format {format}").format(format=fmt))
    try:
        manifest = _manifest(payload)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise BundleError(
            where, _("the manifest is damaged or truncated ({error})").format(error=_short(exc))
        ) from exc
    if trusted and manifest.public_key not in trusted:
        raise BundleError(
            where,
            _("signed with key {key}, which this kiosk does not trust").format(
                key=fingerprint(manifest.public_key)
            ),
        )
    try:
        _public_key(manifest.public_key, where).verify(signature, canonical(payload))
    except InvalidSignature:
        raise BundleError(
            where, _("the signature does not match: the manifest was altered")
        ) from None
    return manifest


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:119] + "…"


def _manifest(payload: dict[str, Any]) -> Manifest:
    packages = payload["packages"]
    if not isinstance(packages, list) or not all(isinstance(p, str) for p in packages):
        raise ValueError("packages must be a list of package ids")
    for package_id in packages:
        if not PACKAGE_ID.fullmatch(package_id):
            raise ValueError(f"unsafe package id {package_id[:60]!r}")
    files = []
    for path, entry in payload["files"].items():
        name = str(path)
        parts = name.split("/")
        if (
            name.startswith("/")
            or ".." in parts
            or "." in parts
            or "" in parts
            or "\\" in name
            or "\0" in name
            or len(parts) < 2
            or parts[0] not in packages
        ):
            raise ValueError(f"unsafe path {name[:80]!r}")
        sha = str(entry["sha256"])
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise ValueError(f"bad sha256 for {name!r}")
        files.append(FileEntry(name, sha, int(entry["size"])))
    sequence = payload["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool):
        raise ValueError("sequence must be a number")
    return Manifest(
        region=str(payload["region"]),
        sequence=sequence,
        created=str(payload["created"]),
        public_key=str(payload["public_key"]),
        packages=tuple(packages),
        files=tuple(sorted(files, key=lambda f: f.path)),
        digest=hashlib.sha256(canonical(payload)).hexdigest(),
    )


def verify_dir(folder: Path, trusted: tuple[str, ...] = ()) -> Manifest:
    """Check a published bundle folder completely; raise BundleError naming what is wrong."""
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    try:
        raw = manifest_path.read_bytes()
    except OSError as exc:
        raise BundleError(manifest_path, _("the manifest is missing")) from exc
    manifest = parse_manifest(raw, str(manifest_path), trusted)
    listed = {f.sha256 for f in manifest.files}
    for entry in manifest.files:
        object_path = folder / OBJECTS / entry.sha256
        try:
            data = object_path.read_bytes()
        except OSError:
            raise BundleError(
                object_path, _("{file}: missing from the bundle").format(file=entry.path)
            ) from None
        check_object(data, entry, str(object_path))
    objects = folder / OBJECTS
    extra = sorted(
        p.name for p in objects.iterdir() if p.name not in listed and not p.name.startswith(".")
    )
    if extra:
        raise BundleError(objects / extra[0], _("a file not listed in the manifest was added"))
    return manifest


def check_object(data: bytes, entry: FileEntry, where: str) -> None:
    if len(data) < entry.size:
        raise BundleError(
            where,
            _("{file}: truncated ({got} of {size} bytes)").format(
                file=entry.path, got=len(data), size=entry.size
            ),
        )
    if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
        raise BundleError(
            where,
            _("{file}: content does not match the manifest (tampered)").format(file=entry.path),
        )

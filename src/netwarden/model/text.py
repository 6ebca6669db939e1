"""The character sets and lengths of inventory text (Verdict integrity: no inventory text becomes
configuration it did not mean).

Every string the model takes from the inventory has one of the types below. Free text (descriptions,
names, contacts) may hold spaces, quotes and any printable character (Chinese included); no field may
hold a control character (C0, DEL, C1 with U+0085, U+2028, U+2029): on some platform each of them ends
a line or a statement. Identifiers (unit ids, allow-list systems, rule names, interface names) and host
names (RFC 1123) have strict sets. Quoting for a platform is the platform's business, not this module's.

The patterns use the syntax of pydantic's Rust regex engine (checked in Rust, fast for large
inventories); :func:`describe` turns a mismatch into the message a user reads."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import StringConstraints

_CTRL = r"\x00-\x1F\x7F-\x9F\x{2028}\x{2029}"
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

PRINTABLE = rf"^[^{_CTRL}]*$"
IDENT = r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
HOSTNAME = rf"^{_LABEL}(?:\.{_LABEL})*$"
USERNAME = r"^[A-Za-z0-9_][A-Za-z0-9_.@-]*$"
URL = r"^(?:https?://[\x21-\x7E]+)?$"
FINGERPRINT = r"^(?:[0-9A-Fa-f]{64}|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31})$"
SSH_KEY = (r"^(?:ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|"
           rf"sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={{0,3}}(?: [^{_CTRL}]*)?$")
PHONE = r"^[0-9+() .-]*$"
EMAIL = rf"^(?:[^\s@{_CTRL}]+@[^\s@{_CTRL}]+)?$"
# a secret is one word on every platform's command line: printable ASCII without space, quotes, backslash
# or "?" (IOS takes "?" as a help request; VRP, Comware and net-snmp end or escape words at quotes)
SECRET = r"^[\x21\x23-\x26\x28-\x3E\x40-\x5B\x5D-\x7E]*$"
AREA = r"^(?:[0-9]{1,10}|(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3})$"

# what a pattern allows, in the words of an error message
DESCRIPTION = {
    PRINTABLE: "printable text",
    IDENT: "an identifier (letters, digits and _ . : / -, starting with a letter or digit)",
    HOSTNAME: "a host name (RFC 1123: dot-separated labels of letters, digits and hyphens, at most 63 "
              "characters each, no hyphen first or last)",
    USERNAME: "a user name (letters, digits and _ . @ -)",
    URL: "an http:// or https:// URL without spaces",
    FINGERPRINT: "a SHA-256 fingerprint (64 hex digits, optionally colon-separated pairs)",
    SSH_KEY: "an OpenSSH public key line (type, base64 key, optional comment)",
    PHONE: "a phone number (digits, spaces and + ( ) . -)",
    EMAIL: "an e-mail address",
    AREA: "an OSPF area (a number or a dotted quad)",
    SECRET: "one word of printable ASCII without quotes, backslash or '?' (the device reads it as one word)",
}


def _s(max_length: int, pattern: str) -> Any:
    return Annotated[str, StringConstraints(max_length=max_length, pattern=pattern)]


Text = _s(240, PRINTABLE)  # descriptions (IOS allows 240 characters)
Name = _s(128, PRINTABLE)  # names of units, people, CAs, provinces; sites; approval references
Ident = _s(64, IDENT)  # ids, allow-list systems, rule names, interface names
HostName = _s(253, HOSTNAME)
UserName = _s(64, USERNAME)
Secret = _s(256, SECRET)  # rendered into configs: one word on every CLI
LoginSecret = _s(256, PRINTABLE)  # only sent to log in (SSH), never rendered
Path_ = _s(4096, PRINTABLE)
Url = _s(512, URL)
Fingerprint = _s(95, FINGERPRINT)
SshKey = _s(16384, SSH_KEY)
Phone = _s(32, PHONE)
Email = _s(254, EMAIL)
Area = _s(15, AREA)
Port = _s(16, PRINTABLE)  # "tcp/443": checked by the validator


def control_char(s: str) -> str | None:
    """``U+XXXX`` of the first control character in ``s``, or None."""
    m = CONTROL_RE.search(s)
    return f"U+{ord(m.group()):04X}" if m else None


def control_message(cp: str) -> str:
    return (f"control character {cp} is not allowed: inventory text must not add lines or statements to a "
            "configuration")


def describe(value: Any, pattern: str) -> str:
    """The message for a value that does not match ``pattern`` (never the value itself: it may be a secret)."""
    if isinstance(value, str):
        cp = control_char(value)
        if cp:
            return control_message(cp)
    return f"must be {DESCRIPTION.get(pattern, 'text matching ' + pattern)}"


def printable(s: str) -> str:
    """``s`` with every non-printable character escaped (for messages: one problem, one line)."""
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in s)

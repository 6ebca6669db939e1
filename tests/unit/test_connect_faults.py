"""Device faults are named for what happened: a refused connection or a missing route is unreachable,
whatever the driver wrapped it in; a deadline passed is a timeout; a refused login is auth."""

from __future__ import annotations

import errno

import pytest
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException
from paramiko.ssh_exception import NoValidConnectionsError

from netwarden.ops.connect import classify


def _netmiko_wrapping(inner: BaseException) -> BaseException:
    """What netmiko raises when the TCP connection fails: its timeout exception, raised while handling it."""
    try:
        try:
            raise inner
        except OSError:  # netmiko's establish_connection: `except socket.error: ... raise NetmikoTimeoutException(msg)`
            raise NetmikoTimeoutException("TCP connection to device failed.\n\nCommon causes ...")  # noqa: B904
    except NetmikoTimeoutException as e:
        return e


@pytest.mark.parametrize(("exc", "kind", "message"), [
    (_netmiko_wrapping(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")), "unreachable",
     "unreachable (connection refused)"),
    (_netmiko_wrapping(OSError(errno.EHOSTUNREACH, "No route to host")), "unreachable",
     "unreachable (no route to host)"),
    (NoValidConnectionsError({("198.18.0.5", 22): ConnectionRefusedError(errno.ECONNREFUSED, "refused")}),
     "unreachable", "unreachable (connection refused)"),
    (OSError(errno.ENETUNREACH, "Network is unreachable"), "unreachable", "unreachable (network is unreachable)"),
    (_netmiko_wrapping(TimeoutError("timed out")), "timeout", "timed out (TCP connection to device failed.)"),
    (TimeoutError("read timed out"), "timeout", "timed out (read timed out)"),
    (NetmikoAuthenticationException("Authentication to device failed."), "auth",
     "authentication failed (NetmikoAuthenticationException)"),
    (ValueError("garbled prompt"), "error", "ValueError: garbled prompt"),
])
def test_faults_are_named_for_what_happened(exc: BaseException, kind: str, message: str) -> None:
    f = classify(exc)
    assert (f.kind, str(f)) == (kind, message)

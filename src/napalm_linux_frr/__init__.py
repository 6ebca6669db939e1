"""``napalm.get_network_driver("linux_frr")`` finds this module (napalm tries ``napalm_<name>``).

Only the driver class is exported here: napalm returns the first NetworkDriver subclass it
finds among the module's members.
"""

from netwarden.drivers.linux_frr import LinuxFRRDriver

__all__ = ["LinuxFRRDriver"]

"""``napalm.get_network_driver("linux_frr")`` finds this module (napalm tries ``napalm_<name>``).

Only the driver class is exported here: napalm returns the first NetworkDriver subclass it
finds among the module's members.
"""

from netwarden.platforms.linux_frr.driver import LinuxFRRDriver

__all__ = ["LinuxFRRDriver"]

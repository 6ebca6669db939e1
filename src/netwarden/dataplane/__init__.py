"""The data-plane proof: a network model from the parsed configs (routes computed to a fixed point into each
device's forwarding table, filters, NAT), header-space reachability over it with witnesses, and the province's
questions as rules (``dataplane/rules.py``, DP-001..DP-006)."""

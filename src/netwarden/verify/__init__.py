"""Static verification: prove the province's rules from configuration text."""

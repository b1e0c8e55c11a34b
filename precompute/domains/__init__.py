"""Hosts and registered domains: the suffix rules (psl), their SQL form (sql) and the domain index (index)."""

"""Cooperatives (tenants), their statutes and per-cooperative roles."""

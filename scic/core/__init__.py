"""Plumbing shared by every domain package: config, database, i18n, audit, hash chains."""

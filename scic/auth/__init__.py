"""User accounts, passwords, login and invitations."""

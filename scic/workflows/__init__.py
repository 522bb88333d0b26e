"""Use cases that span packages (ARCHITECTURE §2.2): plain functions views and commands call."""

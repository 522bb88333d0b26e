"""Use cases that span packages: views and commands call them; nothing else imports them."""

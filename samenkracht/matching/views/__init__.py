"""Web pages of asks and offers, contacts, notifications and the desk."""

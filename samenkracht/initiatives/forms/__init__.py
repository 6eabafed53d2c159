"""Forms of the initiatives app."""

"""Pages of the time bank."""

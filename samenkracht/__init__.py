"""Samenkracht: a platform for the Dutch participation society."""

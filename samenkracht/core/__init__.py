"""Pure-Python algorithms of Samenkracht: no Django, no settings, no clock.

Everything here works on plain values and dataclasses so that it can be tested with
Hypothesis, benchmarked and reused without a database.
"""

"""One-time activation codes for residents who are registered on paper."""

import secrets

# No 0/O, 1/I/L, 5/S, 2/Z: the code is typed over from a printed letter.
ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
GROUP = 4
GROUPS = 3


def activation_code_new() -> str:
    """Return a random code like 'KX7M-PQ4A-9TRE' (about 43 bits of entropy)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUP * GROUPS))
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def activation_code_normalise(typed: str) -> str:
    """Return the code in canonical form, forgiving spaces, dashes and lower case."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    return "-".join(cleaned[i : i + GROUP] for i in range(0, len(cleaned), GROUP))

"""How a person's name is shown to others."""


def display_name(first_name: str, last_name: str, *, show_full_name: bool = False) -> str:
    """Return the public name: first name and initial of the last name by default.

    Dutch surnames often start with a particle ("van der Berg"); the initial is taken
    from the main part so that "Jan van der Berg" shows as "Jan B.", as people expect.
    """
    first = " ".join(first_name.split())
    last = " ".join(last_name.split())
    if show_full_name or not last:
        return f"{first} {last}".strip()
    main_part = _surname_without_particles(last)
    initial = main_part[:1].upper()
    return f"{first} {initial}.".strip() if first else f"{initial}."


PARTICLES = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "'t", "op", "la", "le", "du", "da"}
)


def _surname_without_particles(last_name: str) -> str:
    words = last_name.split()
    for index, word in enumerate(words):
        if word.lower() not in PARTICLES:
            return " ".join(words[index:])
    return last_name

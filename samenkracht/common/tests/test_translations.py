"""The English catalogue is complete, and the site speaks English only when asked to."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "samenkracht" / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[sdifr%]")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[index] for index in sorted(self.msgstr)]


def parse_po(text: str) -> list[Entry]:
    """A small .po reader: flags, msgid, msgid_plural and msgstr / msgstr[n] blocks.

    Obsolete (#~) and other comment lines are skipped. Strings may run over several lines.
    """
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if line.startswith("#,"):
            if entry is None or target is not None:
                entry, target = Entry(line=number), None
                entries.append(entry)
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = "", line
        if keyword == "msgctxt":
            if entry is None or target is not None:
                entry = Entry(line=number)
                entries.append(entry)
            target = ("msgctxt", 0)
        elif keyword == "msgid":
            if entry is None or (target is not None and target[0] != "msgctxt"):
                entry = Entry(line=number)
                entries.append(entry)
            target = ("msgid", 0)
        elif keyword == "msgid_plural":
            target = ("msgid_plural", 0)
        elif keyword == "msgstr":
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr["):
            target = ("msgstr", int(keyword[len("msgstr[") : -1]))
        elif keyword != "":
            raise ValueError(f"line {number}: cannot read {raw!r}")
        if entry is None or target is None:
            raise ValueError(f"line {number}: text outside an entry")
        value = ast.literal_eval(rest)
        name, index = target
        if name == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif name == "msgid":
            entry.msgid += value
        elif name == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        else:
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(CATALOGUE.read_text(encoding="utf-8"))


@pytest.fixture
def english(client):
    if not COMPILED.exists() or COMPILED.stat().st_mtime < CATALOGUE.stat().st_mtime:
        pytest.fail(f"{COMPILED} is missing or older than the .po file: run `make messages` first")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def test_the_parser_reads_plurals_flags_and_multiline_strings():
    entries = parse_po(
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.html:1\n#, python-format\nmsgid "%(n)s buurt"\nmsgid_plural "%(n)s "\n"buurten"\n'
        'msgstr[0] "%(n)s neighbourhood"\nmsgstr[1] ""\n\n'
        '#~ msgid "oud"\n#~ msgstr "old"\n\n'
        '#, python-format\nmsgctxt "list"\nmsgid "%(a)s en %(b)s"\nmsgstr "%(a)s and %(b)s"\n'
    )
    assert len(entries) == 3
    header, plural, context = entries
    assert (context.msgctxt, context.msgid) == ("list", "%(a)s en %(b)s")
    assert context.flags == {"python-format"}
    assert header.flags == {"fuzzy"}
    assert header.msgstr == {0: "Language: en\n"}
    assert plural.flags == {"python-format"}
    assert plural.msgid_plural == "%(n)s buurten"
    assert plural.translations == ["%(n)s neighbourhood", ""]


def test_the_english_catalogue_is_complete_and_nothing_is_fuzzy(entries):
    header = entries[0]
    assert header.msgid == "", "the catalogue must start with its header"
    assert "fuzzy" not in header.flags, "a fuzzy header is ignored by msgfmt"
    assert "Language: en" in header.msgstr[0]
    messages = entries[1:]
    assert len(messages) > 300
    untranslated = [e.msgid for e in messages if not all(e.translations)]
    fuzzy = [e.msgid for e in messages if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    plurals = [e for e in messages if e.msgid_plural is not None]
    assert plurals
    assert all(sorted(e.msgstr) == [0, 1] for e in plurals)


def test_every_translation_keeps_the_placeholders_of_its_source(entries):
    wrong = []
    formatted = [e for e in entries[1:] if "python-format" in e.flags]
    assert formatted
    for entry in formatted:
        source = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
        expected = sorted(PLACEHOLDER.findall(source))
        for translation in entry.translations:
            if sorted(PLACEHOLDER.findall(translation)) != expected:
                wrong.append((entry.line, entry.msgid, translation))
    assert wrong == []


@pytest.mark.parametrize(
    ("path", "heading", "dutch"),
    [
        ("/", "Stronger together in the neighbourhood", "Samen sterker in de buurt"),
        ("/account/inloggen/", "Log in", "Wachtwoord vergeten?"),
        ("/account/aanmelden/", "Sign up", "Maak een account."),
    ],
)
def test_pages_speak_english_after_choosing_english(english, path, heading, dutch):
    response = english.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assertContains(response, '<html lang="en"')
    assertContains(response, f'<h1 class="utrecht-heading-1">{heading}</h1>', html=True)
    assertContains(response, "Skip to content")
    assertNotContains(response, dutch)


def test_the_login_form_is_in_english(english):
    response = english.get("/account/inloggen/")
    assertContains(response, "Email address or username")
    assertContains(response, "Forgot your password?")


@pytest.mark.parametrize("accept_language", [None, "de"])
def test_dutch_stays_the_default(client, accept_language):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = client.get("/", headers=headers)
    assert response.headers["Content-Language"] == "nl"
    assertContains(response, '<html lang="nl"')
    assertContains(
        response, '<h1 class="utrecht-heading-1">Samen sterker in de buurt</h1>', html=True
    )


def test_choosing_dutch_again_switches_back(english):
    english.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    response = english.get("/account/inloggen/")
    assertContains(response, '<html lang="nl"')
    assertContains(response, '<h1 class="utrecht-heading-1">Inloggen</h1>', html=True)

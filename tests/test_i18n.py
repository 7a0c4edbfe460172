"""The Indonesian catalogue is complete, and what is compiled matches it."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "id" / "LC_MESSAGES"


def test_indonesian_catalogue_has_no_missing_or_fuzzy_entries():
    catalogue = polib.pofile(str(LOCALE / "django.po"))

    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert missing == []
    assert fuzzy == []


def test_compiled_catalogue_is_up_to_date():
    source = polib.pofile(str(LOCALE / "django.po"))
    compiled = polib.mofile(str(LOCALE / "django.mo"))

    def translations(catalogue):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue
            if (e.msgstr or e.msgstr_plural) and not e.obsolete
        }

    assert translations(compiled) == translations(source)

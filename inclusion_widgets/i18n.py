"""Interface texts in each person's language.

Messages are translated with gettext from the catalogs compiled into the package
(``inclusion_widgets/locale/<lang>/LC_MESSAGES/inclusion_widgets.mo``, managed with Babel:
see ``scripts/catalogs.sh``), with each language's plural rules (Latvian has three forms).
Dates and numbers are formatted for the language with Babel. Framework texts are not
here: they come from translation files (:mod:`inclusion_widgets.frameworks.translations`).

In code::

    t = translator("el")
    _ = t.gettext
    _("Saved")                                    # a message
    t.ngettext("{n} answer", "{n} answers", n).format(n=t.format_number(n))
    t.format_date(day)                            # "26 Νοεμβρίου 2026"

Strings defined before a language is known are marked with :func:`N_` and translated
where they are shown. Placeholders are ``{name}`` (filled with ``str.format``), so that a
translation can reorder them; the catalog tests check every translation keeps them.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

DOMAIN = "inclusion_widgets"
SOURCE_LANGUAGE = "en"
"""The language the messages are written in, in the code and templates."""
LANGUAGES = ("en", "fr", "nl", "es", "it", "el", "lv", "de")
"""Every language of the interface; each one but English has a catalog."""
# Babel's "en" writes American dates (May 4, 2026; 6:00 PM); these workshops are European.
_FORMAT_LOCALES = {"en": "en_150"}


def locale_folder() -> Path:
    """Where the catalogs are: ``<lang>/LC_MESSAGES/inclusion_widgets.po`` and ``.mo``."""
    return Path(__file__).resolve().parent / "locale"


def supported(language: str | None) -> str | None:
    """The interface language for a code such as ``el``, ``el-GR`` or ``el_GR.UTF-8``.

    None when the interface has no such language.
    """
    if not language:
        return None
    base = language.replace("_", "-").split(".")[0].split("-")[0].lower()
    return base if base in LANGUAGES else None


def normalize(language: str | None) -> str:
    """``language`` as one of :data:`LANGUAGES`, English when it is none of them."""
    return supported(language) or SOURCE_LANGUAGE


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The interface language a terminal asks for (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``, as gettext reads them), English when none is supported."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        for part in value.split(":"):
            if part in ("C", "POSIX") or part.startswith(("C.", "POSIX.")):
                return SOURCE_LANGUAGE
            found = supported(part)
            if found:
                return found
    return SOURCE_LANGUAGE


@dataclass(frozen=True)
class Translator:
    """The messages, plurals, dates and numbers of one interface language."""

    language: str
    catalog: gettext.NullTranslations = field(compare=False, repr=False)

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form for ``n`` by the language's plural rule (three forms in Latvian)."""
        return self.catalog.ngettext(singular, plural, n)

    def plural_forms(self, message: Plural) -> dict[str, str]:
        """The text of ``message`` for each plural category of the language (CLDR's
        ``zero``, ``one``, ``other``... as a page's ``Intl.PluralRules`` names them)."""
        return {
            category: self.catalog.ngettext(message.singular, message.plural, count)
            for category, count in plural_samples(self.language).items()
        }

    def sentence(self, message: str, params: Params = ()) -> str:
        """A sentence made before the language was known (a refusal from the store, marked
        with :func:`N_`), translated and filled with its values."""
        return fill(self.gettext(message), params, self)

    def pgettext(self, context: str, message: str) -> str:
        """A message whose translation depends on where it is used (``context``)."""
        return self.catalog.pgettext(context, message)

    def format_date(self, value: date, format: str = "long") -> str:
        """``26 November 2026``, ``26 novembre 2026``, ``2026. gada 26. novembris``."""
        from babel.dates import format_date

        return format_date(value, format=format, locale=self.formats)

    def format_datetime(self, value: datetime, format: str = "medium") -> str:
        from babel.dates import format_datetime

        return format_datetime(value, format=format, locale=self.formats)

    def format_time(self, value: time | datetime, format: str = "short") -> str:
        """``14:03`` (``medium``: ``14:03:27``): every interface language writes the time of
        day on 24 hours, so no language's data is read for it; a participant's kernel
        shows a time with every save, and Babel's data for it costs about 5 MiB."""
        return value.strftime("%H:%M:%S" if format == "medium" else "%H:%M")

    def format_number(self, value: float, digits: int | None = None) -> str:
        """``1,234.5`` / ``1 234,5`` / ``1.234,5``; ``digits`` fixes the decimals shown."""
        from babel.numbers import format_decimal

        if digits is None:
            return format_decimal(value, locale=self.formats)
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.formats)

    def format_percent(self, value: float) -> str:
        from babel.numbers import format_percent

        return format_percent(value, locale=self.formats)

    @property
    def formats(self) -> str:
        """The Babel locale whose dates and numbers the language uses."""
        return _FORMAT_LOCALES.get(self.language, self.language)

    @property
    def name(self) -> str:
        """The language's name in itself: ``Ελληνικά``, ``latviešu``, ``Français``."""
        return language_name(self.language)


@lru_cache(maxsize=len(LANGUAGES))
def _translator(language: str) -> Translator:
    catalog = gettext.translation(
        DOMAIN, localedir=locale_folder(), languages=[language], fallback=True
    )
    return Translator(language, catalog)


def translator(language: str | None = None) -> Translator:
    """The translator of ``language`` (``el``, ``el-GR``...); English when it is not supported."""
    return _translator(normalize(language))


_NAMES = {
    "en": "English",
    "fr": "Français",
    "nl": "Nederlands",
    "es": "Español",
    "it": "Italiano",
    "el": "Ελληνικά",
    "lv": "Latviešu",
    "de": "Deutsch",
}
"""Each interface language's name in itself, as Babel gives it (a test keeps them equal):
written out, because reading eight languages' data from Babel costs a participant's kernel
about 7 MiB for one menu."""


@lru_cache(maxsize=len(LANGUAGES))
def language_name(language: str) -> str:
    """A language's name in that language, capitalised for a menu: ``Ελληνικά``, ``Latviešu``."""
    if language in _NAMES:
        return _NAMES[language]
    from babel import Locale

    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def language_choices() -> tuple[tuple[str, str], ...]:
    """``(name in itself, code)`` per interface language, for a language menu."""
    return tuple((language_name(code), code) for code in LANGUAGES)


Params = tuple[tuple[str, object], ...]
"""The values of a sentence's ``{name}`` placeholders, kept apart from it until it is shown."""


def fill(message: str, params: Params, t: Translator | None = None) -> str:
    """``message`` with its placeholders filled, for ``t``'s language when given: a value
    that is a :class:`Sentence` is said in it, dates and counts are written for it. A
    message with no values is returned as it is, whatever braces it holds."""
    if not params:
        return message
    return message.format(**{name: _value(value, t) for name, value in params})


def _value(value: object, t: Translator | None) -> object:
    if isinstance(value, Sentence):
        return str(value) if t is None else value.said(t)
    if isinstance(value, bool) or t is None:
        return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(value, int):
        return t.format_number(value)
    if isinstance(value, date):
        return t.format_date(value, "medium")
    return value


@dataclass(frozen=True)
class Sentence:
    """A sentence made before the language was known (marked with :func:`N_`) and its
    values, said in a person's language where it is shown."""

    message: str
    params: Params = ()

    def said(self, t: Translator) -> str:
        return t.sentence(self.message, self.params)

    def __str__(self) -> str:
        return fill(self.message, self.params)


def N_(message: str) -> str:
    """Mark a message for the catalogs without translating it yet."""
    return message


@dataclass(frozen=True)
class Plural:
    """A message with a singular and a plural, translated where the count is known."""

    singular: str
    plural: str


def N_plural(singular: str, plural: str) -> Plural:
    """Mark a message with plural forms for the catalogs (``{n} gap`` / ``{n} gaps``)."""
    return Plural(singular, plural)


_PLURAL_SAMPLES: dict[str, dict[str, int]] = {
    "en": {"other": 0, "one": 1},
    "fr": {"one": 0, "other": 2, "many": 1_000_000},
    "nl": {"other": 0, "one": 1},
    "es": {"other": 0, "one": 1, "many": 1_000_000},
    "it": {"other": 0, "one": 1, "many": 1_000_000},
    "el": {"other": 0, "one": 1},
    "lv": {"zero": 0, "one": 1, "other": 2},
    "de": {"other": 0, "one": 1},
}
""":func:`plural_samples` of the interface languages, as Babel's rules give them (a test
keeps them equal), written out so that a page's kernel reads no language data for them."""


@lru_cache(maxsize=len(LANGUAGES))
def plural_samples(language: str) -> dict[str, int]:
    """A count of each CLDR plural category of ``language``: Latvian ``zero`` 0, ``one`` 1,
    ``other`` 2; French also ``many`` (a million)."""
    if language in _PLURAL_SAMPLES:
        return _PLURAL_SAMPLES[language]
    from babel import Locale

    rule = Locale.parse(language).plural_form
    samples: dict[str, int] = {}
    for count in (*range(0, 1001), 1_000_000):
        samples.setdefault(rule(count), count)
    return samples

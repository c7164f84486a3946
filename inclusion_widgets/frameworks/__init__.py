"""Frameworks as validated, immutable data. No widgets, pandas or SQL here."""

from inclusion_widgets.config import FRAMEWORKS_PATH_ENV
from inclusion_widgets.frameworks.loader import (
    discover_frameworks,
    framework_files,
    list_frameworks,
    load_framework,
    search_folders,
)
from inclusion_widgets.frameworks.models import (
    ContextQuestion,
    Framework,
    Group,
    Item,
    Level,
    Provenance,
    Scale,
    Source,
    Translation,
    TranslationKind,
)
from inclusion_widgets.frameworks.problems import FrameworkError, Problem
from inclusion_widgets.frameworks.translation_checks import (
    translation_schema,
    translation_schema_path,
)
from inclusion_widgets.frameworks.translations import (
    check_translation_file,
    framework_in_language,
    framework_languages,
    missing_translations,
    translate_framework,
    translation_file,
    translation_files,
)
from inclusion_widgets.frameworks.validation import (
    framework_schema,
    schema_path,
    validate_text,
)

__all__ = [
    "FRAMEWORKS_PATH_ENV",
    "ContextQuestion",
    "Framework",
    "FrameworkError",
    "Group",
    "Item",
    "Level",
    "Problem",
    "Provenance",
    "Scale",
    "Source",
    "Translation",
    "TranslationKind",
    "check_translation_file",
    "discover_frameworks",
    "framework_files",
    "framework_in_language",
    "framework_languages",
    "framework_schema",
    "list_frameworks",
    "load_framework",
    "missing_translations",
    "schema_path",
    "search_folders",
    "translate_framework",
    "translation_file",
    "translation_files",
    "translation_schema",
    "translation_schema_path",
    "validate_text",
]

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
)
from inclusion_widgets.frameworks.validation import (
    FrameworkError,
    Problem,
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
    "discover_frameworks",
    "framework_files",
    "framework_schema",
    "list_frameworks",
    "load_framework",
    "schema_path",
    "search_folders",
    "validate_text",
]

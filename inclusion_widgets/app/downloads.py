"""The files each app offers for download, built from the store when asked for.

The exchange layer (and so pandas) is imported inside these functions only: a
participant's kernel loads it when they ask for their files, not when the page opens.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from inclusion_widgets.i18n import N_, normalize, translator
from inclusion_widgets.store import Store
from inclusion_widgets.widgets.files import Download, Upload

if TYPE_CHECKING:
    from inclusion_widgets.exchange.grant import Grant

CSV = "text/csv"
FILES_SECONDS = 120


def _slug(text: str) -> str:
    """A file-name-safe form of a person's name (letters of any script are kept)."""
    return re.sub(r"[^\w-]+", "-", text, flags=re.UNICODE).strip("-")[:40] or "participant"


def participant_files(store: Store, code: str, participant_id: int) -> list[Download]:
    """One participant's answers and actions, as the CSVs the facilitator can merge."""
    from inclusion_widgets.exchange.columns import (
        ACTION_COLUMNS,
        ACTION_NOT_TEXT,
        ANSWER_COLUMNS,
        ANSWER_NOT_TEXT,
    )
    from inclusion_widgets.exchange.csv_format import write_csv
    from inclusion_widgets.exchange.frames import actions_frame_from, answers_frame_from

    session = store.session(code)
    person = next(p for p in store.participants(code) if p.id == participant_id)
    answers = [(row.participant_id, row.answer) for row in store.answers(code, participant_id)]
    actions = [(row.participant_id, row.action) for row in store.actions(code, participant_id)]
    answers_csv = write_csv(
        answers_frame_from(session, store.framework(code), [person], answers),
        ANSWER_COLUMNS,
        ANSWER_NOT_TEXT,
    )
    actions_csv = write_csv(
        actions_frame_from(session, [person], actions), ACTION_COLUMNS, ACTION_NOT_TEXT
    )
    stem = f"{code}-{_slug(person.name)}"
    return [
        Download(f"{stem}-answers.csv", answers_csv, N_("Download my answers (CSV)"), CSV, True),
        Download(f"{stem}-actions.csv", actions_csv, N_("Download my actions (CSV)"), CSV),
    ]


def participant_downloads(
    store: Store, code: str, participant_id: int, language: str | None = None
) -> list[Download]:
    """:func:`participant_files`, built in a child process.

    pandas (about 35 MB) then never enters the participant's kernel, which stays small
    after the download: on a 2 GB Binder that is room for twenty people instead of fifteen.
    The store's URL goes by the environment, never the command line others can read.
    """
    done = subprocess.run(  # noqa: S603 - our own module, with our own interpreter
        [
            sys.executable,
            "-m",
            "inclusion_widgets.app.participant_files",
            code,
            str(participant_id),
            normalize(language),
        ],
        capture_output=True,
        env={**os.environ, "INCLUSION_DB_URL": store.url},
        timeout=FILES_SECONDS,
        check=False,
    )
    if done.returncode == 2 and done.stderr:
        raise ValueError(done.stderr.decode("utf-8", "replace").strip())
    if done.returncode != 0:
        raise ValueError(
            translator(language).gettext(
                "Your files could not be prepared just now; your answers are saved. "
                "Please try again in a moment."
            )
        )
    return [
        Download(
            entry["filename"],
            base64.b64decode(entry["content"]),
            entry["label"],
            entry["mime"],
            entry["primary"],
        )
        for entry in json.loads(done.stdout)
    ]


def session_downloads(store: Store, code: str, language: str | None = None) -> list[Download]:
    """Everything a session holds: the bundle first, then the CSVs and the report (in
    ``language``, the framework's texts from its translation)."""
    from inclusion_widgets.exchange.bundle import write_bundle
    from inclusion_widgets.exchange.export import session_bundle
    from inclusion_widgets.report.build import report_html

    bundle = session_bundle(store, code)
    files = [
        Download(
            f"{code}-bundle.zip",
            write_bundle(bundle),
            N_("Download everything (bundle)"),
            "application/zip",
            True,
        ),
        Download(f"{code}-answers.csv", bundle.answers, N_("Answers (CSV)"), CSV),
        Download(f"{code}-actions.csv", bundle.actions, N_("Actions (CSV)"), CSV),
        Download(f"{code}-agreed.csv", bundle.agreed or b"", N_("Agreed assessment (CSV)"), CSV),
        Download(f"{code}-plan.csv", bundle.plan or b"", N_("Group plan (CSV)"), CSV),
    ]
    if bundle.summary:
        files.append(
            Download(f"{code}-summary.csv", bundle.summary, N_("Summary per item (CSV)"), CSV)
        )
    report = report_html(store, code, language).encode("utf-8")
    files.append(
        Download(f"{code}-report.html", report, N_("Report (HTML, prints well)"), "text/html")
    )
    return files


def _imported(store: Store, uploads: Sequence[Upload], grant: Grant, language: str | None) -> str:
    from inclusion_widgets.exchange import ImportProblem, import_files

    t = translator(language)
    try:
        result = import_files(
            store, [(upload.name, upload.content) for upload in uploads], grant=grant
        )
    except ImportProblem as problem:
        raise ValueError("\n".join(problem.said(t))) from None
    restored = (
        t.gettext(
            "Session {code} was restored with the new facilitator key {key}; keep it."
        ).format(code=code, key=key)
        for code, key in result.keys.items()
    )
    return " ".join((result.sentence(t), *restored))


def merge_uploads(
    store: Store, code: str, key: str, uploads: Sequence[Upload], language: str | None = None
) -> str:
    """Merge uploaded bundles or answers CSVs into ``code`` only; needs its facilitator key.

    Says what was done in ``language``; a file's problems are said in English for now.
    """
    from inclusion_widgets.exchange.grant import Grant

    return _imported(store, uploads, Grant.facilitator(code, key), language)


def restore_uploads(store: Store, uploads: Sequence[Upload], language: str | None = None) -> str:
    """Restore sessions from bundles into a store that does not hold them yet.

    Without a facilitator key nothing already here may change, so a bundle naming a
    session this store holds is refused, and so are loose CSVs.
    """
    from inclusion_widgets.exchange.grant import Grant

    t = translator(language)
    loose = [
        t.gettext(
            "{file}: only a bundle (.zip) can restore a session here; merge CSVs from the "
            "facilitator page of their session."
        ).format(file=upload.name)
        for upload in uploads
        if not upload.name.lower().endswith(".zip")
    ]
    if loose:
        raise ValueError("\n".join(loose))
    return _imported(store, uploads, Grant.restore_only(), language)

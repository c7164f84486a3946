"""``python -m inclusion_widgets.app.participant_files CODE PARTICIPANT_ID [LANG]``: one
participant's files as JSON on standard output, for ``downloads.participant_downloads``.

Run as a child process so that pandas loads there, not in the participant's kernel. The
store is the one named by ``INCLUSION_DB_URL``. A refusal by the store is said in one
sentence in ``LANG`` (English without it) on standard error, with exit code 2.
"""

from __future__ import annotations

import base64
import json
import sys
from dataclasses import asdict

from inclusion_widgets.app.downloads import participant_files
from inclusion_widgets.i18n import translator
from inclusion_widgets.store import Store, StoreError


def main(argv: list[str]) -> int:
    code, participant_id = argv[0], int(argv[1])
    language = argv[2] if len(argv) > 2 else None
    try:
        files = participant_files(Store(), code, participant_id)
    except StoreError as error:
        print(translator(language).sentence(error.template, error.params), file=sys.stderr)
        return 2
    entries = [
        {**asdict(download), "content": base64.b64encode(download.content).decode("ascii")}
        for download in files
    ]
    json.dump(entries, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

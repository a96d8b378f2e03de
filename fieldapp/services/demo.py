"""A demo workspace full of realistic but clearly fictional testimonies, for newcomers.

Its passphrase is public (``demo``) and its label says so: it must never hold a real
testimony. Everything else is real — the same encryption, custody log and files as any
workspace — so what a newcomer sees is what the program does.
"""

import io
from pathlib import Path

from crypto import keywrap
from fieldapp.demo.corpus import generate
from fieldapp.services import attachments, records
from fieldapp.workspace import Role, Workspace

DEMO_PASSPHRASE = "demo"  # noqa: S105 - public on purpose: the demo holds no real record
DEMO_LABEL = "DEMO (public passphrase: never for real testimonies)"
DEFAULT_COUNT = 40
INTERVIEWER_FOLDER = "interviewer"


def build_interviewer_demo(
    root: Path,
    *,
    count: int = DEFAULT_COUNT,
    seed: int = 2014,
    params: keywrap.Argon2Params = keywrap.DEFAULT_PARAMS,
) -> Path:
    """An interviewer's workspace at ``root/interviewer`` with ``count`` demo testimonies."""
    folder = root / INTERVIEWER_FOLDER
    ws, _ = Workspace.create(
        folder, DEMO_PASSPHRASE, Role.INTERVIEWER, label=DEMO_LABEL, params=params
    )
    with ws:
        demo = list(generate(count, seed=seed))
        records.create_testimonies(ws, [(d.testimony, d.consents, d.identity) for d in demo])
        for item in demo:
            for withdrawal in item.withdrawals:
                records.withdraw_consent(ws, withdrawal)
            for attachment in item.attachments:
                attachments.attach_file(
                    ws,
                    item.testimony.id,
                    io.BytesIO(attachment.data()),
                    kind=attachment.kind,
                    media_type=attachment.media_type,
                    label=attachment.label,
                )
            if item.seal:
                records.seal_testimony(ws, item.testimony.id)
    return folder

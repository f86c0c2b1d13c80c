"""Write the next migration: `python -m warehouse.migrations "what changed"`.

Brings a scratch SQLite store to the current head, compares it with the models (Alembic autogenerate)
and writes the difference to versions/NNNN_<message>.py. Review it before committing: autogenerate
does not see renames, and data changes have to be written by hand. When the models match the
current head nothing is written (exit status 1).
"""

from __future__ import annotations

import sys
import tempfile

from alembic import command
from alembic.script import ScriptDirectory

from warehouse.engine import make_engine
from warehouse.schema import alembic_config


class NothingChanged(ValueError):
    """The models match the current head: there is no migration to write."""


def make_revision(message: str) -> str:
    """Autogenerate the next revision (numbered 0001, 0002, ...); returns its file's path.
    NothingChanged, and no file, when the models match the current head."""
    empty: list[bool] = []  # set when Alembic found nothing to write

    def refuse_empty(_context, _revision, directives) -> None:
        if directives[0].upgrade_ops.is_empty():
            directives[:] = []  # Alembic writes no file
            empty.append(True)

    number = len(list(ScriptDirectory.from_config(alembic_config()).walk_revisions())) + 1
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{scratch}/scratch.db")
        try:
            with engine.begin() as connection:
                config = alembic_config(connection)
                command.upgrade(config, "head")
                script = command.revision(config, message, autogenerate=True, rev_id=f"{number:04d}",
                                          process_revision_directives=refuse_empty)
        finally:
            engine.dispose()
    if empty:
        raise NothingChanged(f"the models match revision {number - 1:04d}: no migration written")
    return script.path


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].strip():
        sys.exit('usage: python -m warehouse.migrations "what changed"')
    try:
        print(make_revision(sys.argv[1]))
    except NothingChanged as exc:
        sys.exit(str(exc))

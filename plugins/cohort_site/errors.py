"""The one base of the project's own errors.

An error the user can act on (bad input, a refused write, a pack that cannot be made) is raised as
a subclass of `CohortSiteError` with a Japanese message that says what and where. `cli.py` turns
any of them into `build.py: <message>` and a non-zero exit, the MkDocs plugins into a `PluginError`
(the message, no traceback); anything else is a bug and keeps its traceback. A leaf module, so
every layer can raise it.
"""

from __future__ import annotations


class CohortSiteError(Exception):
    """The project's own error: its message is for the user (Japanese, naming file and place)."""

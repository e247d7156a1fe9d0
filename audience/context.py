"""What the audience pages need from the process around them, handed in by ``asgi.py``.

The package never imports Streamlit or ``web/``: the server builds a ``Context`` from the
same store, banks and catalogues the Streamlit pages use in this process, and the tests
build one over a store of their own.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass

from networking_works.bank import Bank
from networking_works.store import Store


@dataclass(frozen=True)
class Context:
    store: Callable[[], Store]
    # The one bank lookup: a bank file of this server, else a speaker's private bank.
    bank: Callable[[str], Bank | None]
    # The gettext catalogue of a language the app speaks (English: NullTranslations).
    translations: Callable[[str], gettext.NullTranslations]
    # Whether X-Forwarded-Proto is believed (behind the deploy/ nginx), for Secure cookies.
    trust_proxy: Callable[[], bool] = lambda: False

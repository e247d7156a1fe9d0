"""What the audience pages need from the process around them.

The package never imports Streamlit or ``web/``. In the server, ``Context.of_process()``
hands it this process's store and its one bank lookup (networking_works/services.py),
the same objects the Streamlit pages use; tests build one over a store of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from networking_works import quotas, services
from networking_works.bank import Bank
from networking_works.quotas import Quota
from networking_works.store import Store


@dataclass(frozen=True)
class Context:
    store: Callable[[], Store]
    # The one bank lookup: a bank file of this server, else a speaker's private bank.
    bank: Callable[[str], Bank | None]
    # Whether X-Forwarded-Proto is believed (behind the deploy/ nginx), for Secure cookies.
    trust_proxy: Callable[[], bool] = lambda: False
    # Join codes of no live room one client may name (NW_UNKNOWN_CODES_PER_CLIENT_HOUR).
    unknown_codes: Callable[[], Quota] = quotas.unknown_codes
    # PUBLIC_URL: the app's root as people see it, for a join page's preview card.
    public_url: Callable[[], str | None] = lambda: None

    @classmethod
    def of_process(cls) -> Context:
        return cls(
            store=services.store,
            bank=services.bank,
            trust_proxy=lambda: services.settings().flag("NW_TRUST_PROXY_HEADERS"),
            unknown_codes=lambda: quotas.unknown_codes(services.settings()),
            public_url=lambda: services.settings().text("PUBLIC_URL"),
        )

"""Results: your own (?a=) or a shared one (?r=), with sharing and retake."""

import streamlit as st

from networking_works.progress import Stage
from web import actions, keys, links, lookups, resources, routes, urls
from web.i18n import _
from web.routes import STAGE_ROUTES
from web.screens.journal import show_journal_offer
from web.screens.norms import show_standing
from web.screens.report import show_report
from web.screens.sharing import (
    handout_link,
    show_exports,
    show_shared_result,
    show_sharing,
    with_chosen_before,
)

query = urls.query()
if query.result is not None:
    show_shared_result(query.result, query.delete)
    st.stop()

assessment = lookups.assessment_or_stop()
if assessment.stage is not Stage.DONE:
    urls.walk(STAGE_ROUTES[assessment.stage], assessment.token)
report = lookups.own_report(assessment)

st.title(_("Your networking radar"))
show_report(report)
show_standing(report)
st.divider()
standing = resources.store().journals.standing(assessment.token)
show_journal_offer(assessment, report, standing)

st.divider()
st.subheader(_("Keep or send your result"))
st.write(
    _(
        "Your answers stay private. Sharing stores only the result shown above, for as long "
        "as you choose, and gives you a link to send; you also get a private link that "
        "deletes it again."
    )
)
chosen = with_chosen_before(standing, report)
public = show_sharing(assessment, chosen)
show_exports(chosen, handout_link(public))
st.page_link(
    routes.COMPARE.file,
    label=_("Compare with another result"),
    query_params=urls.in_app(links.compare_own(assessment.token)),
)
if st.button(_("Retake the assessment"), use_container_width=True, key=keys.RETAKE):
    actions.start(assessment.bank_id, query.journal)

"""The questions: one part per step in a form; Back keeps answers, Next checks them."""

from networking_works.progress import Direction, Stage, position
from web import actions, keys, lookups, state, urls
from web.routes import STAGE_ROUTES
from web.screens.walkthrough import given_answers, show_question_part

assessment = lookups.assessment_or_stop()
lookups.solo_or_stop(assessment)
bank = lookups.bank_or_stop(assessment.bank_id)
at = position(assessment.stage, assessment.step, len(bank.parts))
if at.stage is not Stage.QUESTIONS:
    urls.walk(STAGE_ROUTES[at.stage], assessment.token)


def submit(direction: Direction) -> None:
    given = given_answers(bank.parts[at.step], state.widget_value)
    counted = state.widget_value(keys.COUNT_IN_NORMS) is not False  # ticked by default
    state.set_missing(actions.press(bank, assessment, direction, given, counted))


show_question_part(bank, at.step, assessment.answers, state.missing(), submit)

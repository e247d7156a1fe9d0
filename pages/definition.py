"""The definition, one part per step; skippable at any point."""

from networking_works.progress import Direction, Stage, position
from web import actions, lookups, urls
from web.routes import STAGE_ROUTES
from web.screens.walkthrough import show_definition_part

assessment = lookups.assessment_or_stop()
lookups.solo_or_stop(assessment)
bank = lookups.bank_or_stop(assessment.bank_id)
at = position(assessment.stage, assessment.step, len(bank.parts))
if at.stage is not Stage.DEFINITION:
    urls.walk(STAGE_ROUTES[at.stage], assessment.token)


def move(direction: Direction) -> None:
    actions.press(bank, assessment, direction)


show_definition_part(bank, at.step, move)

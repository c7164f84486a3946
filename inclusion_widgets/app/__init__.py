"""The composed workshop apps that the workbooks show."""

from inclusion_widgets.app.facilitator import FacilitatorApp, facilitator_app
from inclusion_widgets.app.participant import ParticipantApp, participant_app

__all__ = ["FacilitatorApp", "ParticipantApp", "facilitator_app", "participant_app"]

"""The composed workshop apps that the workbooks show."""

from inclusion_widgets.app.participant import ParticipantApp, participant_app

__all__ = ["ParticipantApp", "participant_app"]

"""The page head: the browser tab's title and the page's language, as traitlets the
front end reads."""

from inclusion_widgets.widgets.page_head import PageHead


def test_the_tab_names_the_workshop_then_the_page_and_the_page_declares_its_language():
    head = PageHead()
    head.describe("el", "Λάρισα – Jelgava", "", "Σελίδα συντονισμού")
    assert (head.title, head.language) == ("Λάρισα – Jelgava · Σελίδα συντονισμού", "el")


def test_a_language_the_interface_does_not_speak_falls_back_to_english():
    head = PageHead()
    head.describe("xx", "Start a workshop session")
    assert (head.title, head.language) == ("Start a workshop session", "en")

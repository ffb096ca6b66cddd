"""Personas shared by the tests, and a TestCase that creates them.

# Rita reads; she has no group and sees only public annotations (and her own).
# Ana annotates; she owns the "Thursday seminar" group. Her private notes are hers alone.
# Mia is a member of Ana's group: she sees the group's annotations, and may reply.
# Mo moderates Ana's group: same sight as Mia, and decides on its items (never his own).
# Otto owns another group ("Other circle"): he must never see Ana's group notes.
# Sofia is site staff: staff status gives no sight of private or other groups' notes;
#   she moderates public content only.
# Sam is site staff too: a second moderator of public content, who decides appeals of
#   Sofia's decisions.
# Anonymous visitors see public annotations only, and write nothing.
"""

from django.test import TestCase

from tests.factories import make_edition, make_group, make_user


class PersonaTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rita = make_user("rita", display_name="Rita Reader")
        cls.ana = make_user("ana", display_name="Ana Annotator")
        cls.mia = make_user("mia", display_name="Mia Member")
        cls.mo = make_user("mo", display_name="Mo Moderator")
        cls.otto = make_user("otto", display_name="Otto Outsider")
        cls.sofia = make_user("sofia", staff=True, display_name="Sofia Staff")
        cls.sam = make_user("sam", staff=True, display_name="Sam Staff")
        cls.group = make_group(cls.ana, "Thursday seminar", members=[cls.mia], moderators=[cls.mo])
        cls.other_group = make_group(cls.otto, "Other circle")
        cls.edition = make_edition()
        cls.section = cls.edition.sections.get()
        cls.p1, cls.p2, cls.p3 = cls.edition.passages.order_by("order")

    def persona(self, name: str):
        """The persona's user, or None for "anonymous"."""
        return None if name == "anonymous" else getattr(self, name)


class SeminarTestCase(TestCase):
    """Personas of the seminar tests.

    # Ines instructs "Close reading": she sees all its work, sets assignments and scores.
    # Tara is its teaching assistant: she sees and scores all work; she changes the rubric
    #   criteria only when the seminar allows assistants to.
    # Sam and Sol are its students: each sees the other's work only when the assignment's
    #   peer rule allows, and then as "Student N" when the assignment is anonymous.
    # Ivo instructs "Other seminar" (where Sam is also a student): he must see nothing
    #   private of "Close reading".
    """

    @classmethod
    def setUpTestData(cls):
        from tests.factories import make_passage, make_section, make_seminar

        cls.ines = make_user("ines", display_name="Ines Instructor")
        cls.tara = make_user("tara", display_name="Tara Assistant")
        cls.sam = make_user("sam", display_name="Sam Student")
        cls.sol = make_user("sol", display_name="Sol Student")
        cls.ivo = make_user("ivo", display_name="Ivo Instructor")
        cls.seminar = make_seminar(
            cls.ines, "Close reading", students=[cls.sam, cls.sol], assistants=[cls.tara]
        )
        cls.other = make_seminar(cls.ivo, "Other seminar", students=[cls.sam])
        cls.edition = make_edition()
        cls.p1, cls.p2, cls.p3 = cls.edition.passages.order_by("order")
        chapter2 = make_section(cls.edition, slug="chapter-2", order=2)
        cls.p4 = make_passage(
            chapter2, anchor="p4", order=4, text="Chapter two opens with a different argument."
        )

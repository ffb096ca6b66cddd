"""A small world holding one item of every kind of user content, each carrying a unique
"canary" word, and the list of personas allowed to see each canary.

The personas of `tests.base.PersonaTestCase`, plus a seminar:

    # Ines instructs "Close reading" (Sol and Stu are its students): she sees all its work.
    # Stu is a student peer of Sol: an "after due" rule hides Sol's work on chapter 1 from
    #   Stu until the due time; on chapter 2 (anonymous assignment) Stu sees Sol's note as
    #   "Student N", never Sol's name.
    # Sol writes the seminar work.
    # Ivo instructs "Other seminar" (Stu is a student there too): he sees nothing of
    #   "Close reading".

Content (canary word in the body, and in a tag where noted):

    zzpriv      Ana's private note (tag zzprivtag) and zzprivreply, her reply to it.
    zzgrp       Ana's note to her group (tag zzgrptag) and zzgrpreply, Mia's reply to it.
    zzgroupname the name of Ana's group.
    zzpend      Rita's public note, pending moderation.
    zzhidden    Rita's public note, hidden by Sofia.
    zzpeer      Sol's note on the after-due assignment's range (hidden from Stu).
    zzsolname   Sol's display name (anonymous on the chapter 2 assignment).
    zzsecret    the text and title of a reading Ines added for "Close reading" (a private
                edition, slug "secret-reading"), and Ines's public note on it.
    zzdraft     the text of a draft Ines uploaded (slug "draft-reading"): hers and staff's.
"""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from annotations.models import Annotation
from annotations.search import annotations_index
from edition.models import Edition, SourceUpload
from edition.search import passages_index
from groups.models import GroupInvite, ReadingGroup
from tests.base import PersonaTestCase
from tests.factories import (
    make_annotation,
    make_assignment,
    make_decision,
    make_edition,
    make_passage,
    make_reply,
    make_section,
    make_seminar,
    make_user,
)

PERSONAS = [
    "anonymous",
    "rita",
    "ana",
    "mia",
    "mo",
    "otto",
    "sofia",
    "sam",
    "sol",
    "stu",
    "ines",
    "ivo",
]
MODERATORS_OF_PUBLIC = {"sofia", "sam"}

# Who may see each canary. Everyone else must never get it in any response.
SIGHT = {
    "zzprivbody": {"ana"},
    "zzprivtag": {"ana"},
    "zzprivreply": {"ana"},
    "zzgrpbody": {"ana", "mia", "mo"},
    "zzgrptag": {"ana", "mia", "mo"},
    "zzgrpreply": {"ana", "mia", "mo"},
    "zzgroupname": {"ana", "mia", "mo"},
    "zzpendbody": {"rita"} | MODERATORS_OF_PUBLIC,
    "zzhiddenbody": {"rita"} | MODERATORS_OF_PUBLIC,
    "zzpeerbody": {"sol", "ines"},
    "zzsolname": {"sol", "ines"},
    "zzsecrettext": {"ines", "sol", "stu", "sofia", "sam"},
    "zzsecrettitle": {"ines", "sol", "stu", "sofia", "sam"},
    "zzsecretnote": {"ines", "sol", "stu", "sofia", "sam"},
    "zzdrafttext": {"ines", "sofia", "sam"},
}
# Who may read the private edition and the draft (everyone else gets 404 on their routes).
PRIVATE_READERS = {"ines", "sol", "stu", "sofia", "sam"}
DRAFT_READERS = {"ines", "sofia", "sam"}
NONEXISTENT = 987654


class SecurityWorld(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ReadingGroup.objects.filter(pk=cls.group.pk).update(name="zzgroupname club")
        cls.group.refresh_from_db()
        cls._notes()
        cls._seminar()
        # The services index after commit, which a TestCase never reaches: index now, so
        # that the search routes of the matrix search the whole world.
        passages_index(ids=None)
        annotations_index(ids=None)
        cls._private_editions()

    @classmethod
    def _notes(cls):
        cls.public = make_annotation(cls.ana, cls.p1, body="A public remark.", visibility="public")
        cls.private = make_annotation(cls.ana, cls.p1, body="zzprivbody", tags=["zzprivtag"])
        cls.private_reply = make_reply(cls.ana, cls.private, body="zzprivreply")
        cls.grp = make_annotation(
            cls.ana,
            cls.p1,
            body="zzgrpbody",
            tags=["zzgrptag"],
            visibility="group",
            group=cls.group,
        )
        cls.grp_reply = make_reply(cls.mia, cls.grp, body="zzgrpreply")
        cls.pending = make_annotation(cls.rita, cls.p2, body="zzpendbody", visibility="public")
        Annotation.objects.filter(pk=cls.pending.pk).update(status=Annotation.Status.PENDING)
        cls.hidden = make_annotation(cls.rita, cls.p2, body="zzhiddenbody", visibility="public")
        cls.hide_event = make_decision(cls.hidden, cls.sofia, "hide")
        cls.invite = GroupInvite.objects.create(
            group=cls.group, created_by=cls.ana, code="zzinvitecode"
        )

    @classmethod
    def _seminar(cls):
        cls.sol = make_user("sol", display_name="zzsolname")
        cls.stu = make_user("stu", display_name="Stu Student")
        cls.ines = make_user("ines", display_name="Ines Instructor")
        cls.ivo = make_user("ivo", display_name="Ivo Instructor")
        cls.seminar = make_seminar(cls.ines, "Close reading", students=[cls.sol, cls.stu])
        cls.other_seminar = make_seminar(cls.ivo, "Other seminar", students=[cls.stu])
        chapter2 = make_section(cls.edition, slug="chapter-2", order=2)
        cls.p4 = make_passage(chapter2, anchor="p4", order=4, text="Chapter two argues more.")
        cls.assignment = make_assignment(
            cls.seminar, cls.edition, start="chapter-1", peer_rule="after-due"
        )
        cls.anonymous_assignment = make_assignment(
            cls.seminar,
            cls.edition,
            start="chapter-2",
            title="Anonymous round",
            anonymous=True,
            due_at=timezone.now() + timezone.timedelta(days=7),
        )
        seminar_group = cls.seminar.group
        cls.peer = make_annotation(
            cls.sol, cls.p3, body="zzpeerbody", visibility="group", group=seminar_group
        )
        cls.anonymous_note = make_annotation(
            cls.sol, cls.p4, body="Anonymous round note.", visibility="group", group=seminar_group
        )

    @classmethod
    def _private_editions(cls):
        cls.secret = make_edition(
            "secret-reading", texts=["zzsecrettext of the reading."], title="zzsecrettitle"
        )
        cls.secret.audience = cls.seminar.group
        cls.secret.uploaded_by = cls.ines
        cls.secret.save(update_fields=["audience", "uploaded_by"])
        cls.secret_note = make_annotation(
            cls.ines,
            cls.secret.passages.get(),
            body="zzsecretnote",
            visibility="public",
        )
        cls.draft = make_edition("draft-reading", texts=["zzdrafttext, not yet published."])
        cls.draft.status = Edition.Status.DRAFT
        cls.draft.uploaded_by = cls.ines
        cls.draft.save(update_fields=["status", "uploaded_by"])
        cls.upload = SourceUpload.objects.create(
            data=b"zzdrafttext", name="draft.txt", sha256="0" * 64, size=11, uploader=cls.ines
        )

    # Helpers -------------------------------------------------------------------------

    def client_for(self, persona: str, *, csrf: bool = False) -> Client:
        client = Client(enforce_csrf_checks=csrf)
        if persona != "anonymous":
            client.force_login(self.persona(persona))
        return client

    def invisible_annotations(self, persona: str) -> dict[str, Annotation]:
        """The world's annotations `persona` must not be able to see, by label. (Moderators
        of public content see the pending public note in their queue, and decide on it.)"""
        items = {
            "private": self.private,
            "private reply": self.private_reply,
            "group": self.grp,
            "group reply": self.grp_reply,
            "pending": self.pending,
            "peer (hidden by assignment)": self.peer,
        }
        if persona in MODERATORS_OF_PUBLIC:
            del items["pending"]
        user = self.persona(persona)
        return {
            label: a
            for label, a in items.items()
            if user is None or not Annotation.objects.visible_to(user).filter(pk=a.pk).exists()
        }


def forbidden_canaries(persona: str) -> list[str]:
    return [word for word, allowed in SIGHT.items() if persona not in allowed]

"""Reader-suggested corrections: proposing one, and editors accepting (as a new version),
rejecting or reverting them. Every decision leaves a `SuggestionDecision` row."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from accounts.models import User
from edition.access import can_accept, is_editor
from edition.edits import Edit, edits_apply
from edition.models import Edition, EditionVersion, Selection, Suggestion, SuggestionDecision
from edition.versions import PassageChange, version_publish
from notifications.models import Notification
from notifications.services import notification_send

REPLACEMENT_MAX = 2_000


class SuggestionError(ValueError):
    """The suggestion or decision is not allowed as asked; the message says why (a 400)."""


class StaleSuggestion(SuggestionError):
    """The suggestion changed since the editor loaded it (a 409)."""

    def __init__(self, suggestion: Suggestion):
        super().__init__("This suggestion changed since you loaded it.")
        self.suggestion = suggestion


def suggestion_propose(*, selection: Selection, author: User, replacement: str) -> Suggestion:
    """A pending suggestion to replace the words of `selection` (one passage) by
    `replacement`. The caller validated both."""
    return Suggestion.objects.create(
        selection=selection,
        author=author,
        edition_id=selection.edition_id,
        exact=selection.exact,
        replacement=replacement,
    )


def suggestion_withdraw(*, suggestion: Suggestion) -> None:
    """Its author took a pending suggestion back (deleted what proposed it): editors no
    longer decide on it. Decided suggestions stay as they are, for the record."""
    if suggestion.status == Suggestion.Status.PENDING:
        suggestion.status = Suggestion.Status.WITHDRAWN
        suggestion.save(update_fields=["status", "modified"])


def suggestion_touch(*, suggestion: Suggestion) -> None:
    """Mark the suggestion changed (its justification was edited): open forms go stale."""
    suggestion.save(update_fields=["modified"])


def _check_fresh(suggestion: Suggestion, seen: str | None) -> None:
    if seen is not None and seen != suggestion.state_token:
        raise StaleSuggestion(suggestion)


def _locked(suggestions: list[Suggestion]) -> list[Suggestion]:
    """The suggestions read again under a lock of their edition (taken first, as
    `version_publish` takes it), so that two decisions on one passage run one after the
    other and the second sees the text and spans the first published."""
    ids = [s.pk for s in suggestions]
    editions = sorted({s.edition_id for s in suggestions})
    list(Edition.objects.select_for_update().filter(pk__in=editions).order_by("pk"))
    rows = Suggestion.objects.select_for_update(of=("self",)).filter(pk__in=ids)
    return list(rows.select_related("selection__passage", "edition").order_by("pk"))


def _edit_of(suggestion: Suggestion) -> Edit:
    selection = suggestion.selection
    if selection.state == Selection.State.ORPHANED:
        raise SuggestionError("The text this suggestion quoted is gone: it cannot be applied.")
    piece = selection.pieces[0]
    return Edit(piece["start"], piece["end"], suggestion.replacement)


@transaction.atomic
def suggestions_accept(
    *,
    suggestions: list[Suggestion],
    editor: User,
    reason: str = "",
    note: str = "",
    seen: dict[int, str] | None = None,
) -> EditionVersion:
    """Accept pending suggestions of one edition and publish them as one new version.

    `seen` maps suggestion ids to the `state_token` the editor saw: StaleSuggestion when
    one changed since. Nobody accepts their own suggestion (SuggestionError).
    """
    rows = _locked(suggestions)
    if not rows or len({s.edition_id for s in rows}) != 1:
        raise SuggestionError("Choose suggestions of one edition.")
    by_passage = defaultdict(list)
    for suggestion in rows:
        _check_fresh(suggestion, (seen or {}).get(suggestion.pk))
        if suggestion.status != Suggestion.Status.PENDING:
            raise SuggestionError("Only pending suggestions can be accepted.")
        if not can_accept(editor, suggestion):
            raise SuggestionError("Editors of this edition accept suggestions, never their own.")
        by_passage[suggestion.selection.passage_id].append(suggestion)
    changes = [_change(group) for group in by_passage.values()]
    version = version_publish(
        edition=rows[0].edition, changes=changes, user=editor, note=note or _note(rows)
    )
    for suggestion in rows:
        _decide(suggestion, editor, SuggestionDecision.Decision.ACCEPTED, reason, version)
    return version


def _change(group: list[Suggestion]) -> PassageChange:
    passage = group[0].selection.passage
    edits = sorted((_edit_of(s) for s in group), key=lambda e: e.start)
    for before, after in zip(edits, edits[1:], strict=False):
        if after.start < before.end:
            raise SuggestionError(
                "Two of these suggestions change the same words; accept one of them."
            )
    for suggestion, edit in zip(sorted(group, key=lambda s: _edit_of(s).start), edits, strict=True):
        suggestion.exact = passage.text[edit.start : edit.end]
    return PassageChange(passage=passage, text=edits_apply(passage.text, edits), edits=edits)


def _note(rows: list[Suggestion]) -> str:
    if len(rows) == 1:
        return f"Suggested correction: “{rows[0].exact}” → “{rows[0].replacement}”"
    return f"{len(rows)} suggested corrections"


def _decide(
    suggestion: Suggestion, editor: User, decision: str, reason: str, version: EditionVersion | None
) -> SuggestionDecision:
    record = SuggestionDecision.objects.create(
        suggestion=suggestion, editor=editor, decision=decision, reason=reason, version=version
    )
    suggestion.status = decision
    fields = ["status", "modified"]
    if decision == SuggestionDecision.Decision.ACCEPTED:
        suggestion.version = version
        fields += ["version", "exact"]
    suggestion.save(update_fields=fields)
    transaction.on_commit(lambda: suggestion_decided(decision_id=record.pk))
    return record


def suggestion_decided(*, decision_id: int) -> None:
    """Tell the author what became of their suggestion (run after the commit)."""
    record = SuggestionDecision.objects.select_related(
        "suggestion__author", "suggestion__selection__passage", "editor"
    ).get(pk=decision_id)
    suggestion = record.suggestion
    said = f"“{suggestion.exact}” → “{suggestion.replacement}”"
    if record.decision == SuggestionDecision.Decision.ACCEPTED:
        text = f"Your correction {said} was accepted in version {record.version.number}."
    else:
        reason = f" Reason: {record.reason}" if record.reason else ""
        text = f"Your correction {said} was {record.get_decision_display().lower()}.{reason}"
    notification_send(
        recipient=suggestion.author,
        kind=Notification.Kind.SUGGESTION,
        text=text,
        url=suggestion.selection.passage.get_absolute_url(),
        actor=record.editor,
    )


@transaction.atomic
def suggestion_reject(
    *, suggestion: Suggestion, editor: User, reason: str, seen: str | None = None
) -> SuggestionDecision:
    """Reject a pending suggestion; the reason is required and kept."""
    suggestion = _locked([suggestion])[0]
    _check_fresh(suggestion, seen)
    if suggestion.status != Suggestion.Status.PENDING:
        raise SuggestionError("Only pending suggestions can be rejected.")
    if not is_editor(editor, suggestion.edition):
        raise SuggestionError("Only editors of this edition decide on suggestions.")
    if not reason.strip():
        raise SuggestionError("Say why the suggestion is rejected.")
    return _decide(suggestion, editor, SuggestionDecision.Decision.REJECTED, reason, None)


@transaction.atomic
def suggestion_revert(
    *, suggestion: Suggestion, editor: User, reason: str, seen: str | None = None
) -> EditionVersion:
    """Undo an accepted suggestion: the words it put in go back, as a new version.

    The suggestion's selection followed the text onto the words it put in; when a later
    version changed those words, SuggestionError (revert by hand instead).
    """
    suggestion = _locked([suggestion])[0]
    _check_fresh(suggestion, seen)
    if suggestion.status != Suggestion.Status.ACCEPTED:
        raise SuggestionError("Only accepted suggestions can be reverted.")
    if not is_editor(editor, suggestion.edition):
        raise SuggestionError("Only editors of this edition revert suggestions.")
    selection = suggestion.selection
    piece = selection.pieces[0] if selection.pieces else None
    if piece is None or piece["exact"] != suggestion.replacement:
        raise SuggestionError("The corrected words changed since; revert them by hand.")
    passage = selection.passage
    edit = Edit(piece["start"], piece["end"], suggestion.exact)
    text = passage.text[: edit.start] + edit.text + passage.text[edit.end :]
    version = version_publish(
        edition=suggestion.edition,
        user=editor,
        changes=[PassageChange(passage=passage, text=text, edits=[edit])],
        note=f"Reverted: “{suggestion.replacement}” → “{suggestion.exact}”",
    )
    _decide(suggestion, editor, SuggestionDecision.Decision.REVERTED, reason, version)
    return version


def suggestions_reapply(*, edition: Edition) -> tuple[EditionVersion | None, list[str]]:
    """After a re-ingest: put back the words of accepted suggestions that the new source
    text undid, as one new version. A suggestion whose span was lost, or whose words the
    new source changed to something else, is not guessed at: it is named in the returned
    warnings for an editor to look at. Returns (the version or None, warnings)."""
    rows = Suggestion.objects.filter(
        edition=edition, status=Suggestion.Status.ACCEPTED
    ).select_related("selection__passage")
    by_passage, warnings = defaultdict(list), []
    for suggestion in rows.order_by("pk"):
        selection = suggestion.selection
        piece = selection.pieces[0] if selection.pieces else None
        if selection.state == Selection.State.ORPHANED or piece is None:
            warnings.append(_reapply_warning(suggestion, "its words are no longer in the text"))
            continue
        current = selection.passage.text[piece["start"] : piece["end"]]
        if current == suggestion.replacement:
            continue
        if current != suggestion.exact:
            warnings.append(_reapply_warning(suggestion, f"the new source reads “{current}”"))
            continue
        by_passage[selection.passage_id].append(
            (selection.passage, Edit(piece["start"], piece["end"], suggestion.replacement))
        )
    if not by_passage:
        return None, warnings
    changes = []
    for pairs in by_passage.values():
        passage, edits = pairs[0][0], sorted((e for _, e in pairs), key=lambda e: e.start)
        changes.append(
            PassageChange(passage=passage, text=edits_apply(passage.text, edits), edits=edits)
        )
    version = version_publish(
        edition=edition,
        changes=changes,
        note=f"Accepted corrections re-applied after re-ingest ({len(changes)} passages)",
    )
    return version, warnings


def _reapply_warning(suggestion: Suggestion, why: str) -> str:
    return (
        f"accepted suggestion {suggestion.pk} (“{suggestion.exact}” → "
        f"“{suggestion.replacement}”) was not re-applied: {why}"
    )

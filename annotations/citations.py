"""Citing an annotation as a reader would in a paper, in the formats of edition/citations.py."""

from __future__ import annotations

from django.conf import settings

from annotations import audience
from annotations.models import Annotation
from edition.citations import Citation, citation_key, paragraph_number


def annotation_citation(annotation: Annotation, viewer=None) -> Citation:
    """Its author as `viewer` may see them (the audience backends may hide a name, e.g.
    "Student N" to a peer on an anonymous assignment's range)."""
    passage = annotation.passage
    work = annotation.edition.work
    creator = audience.creator(annotation, viewer, {})
    return Citation(
        author=creator["name"],
        title=f"Annotation on {work.author}, {work.title}",
        year=annotation.created.year,
        chapter=passage.section.display_title,
        page=passage.page,
        paragraph=paragraph_number(passage),
        version=annotation.edition_version,
        url=settings.SITE_URL + annotation.get_permalink(),
        edition=work.title,
        work_author=work.author,
        work_year=work.year,
        quote=annotation.selector_exact,
        key=citation_key(
            creator["nickname"], annotation.created.year, f"annotation-{annotation.pk}"
        ),
    )

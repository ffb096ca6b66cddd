"""Every URL pattern of the site, and sample addresses of each route that shows, counts or
changes user content. A new route must be added here (or to EXEMPT, with a reason):
`test_routes.test_every_route_is_checked_or_exempt_with_a_reason` fails otherwise."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.world import NONEXISTENT

# Routes holding no user content, and why.
EXEMPT = {
    "admin": "Django admin: staff with model permissions only (tested by Django)",
    "favicon": "a redirect to a static file",
    "login": "Django's login form (open redirects: test_redirects)",
    "logout": "Django's logout (POST only since Django 5)",
    "password_change": "Django's own form for the signed-in user",
    "password_change_done": "static page",
    "password_reset": "Django's own form; says nothing about which e-mails exist",
    "password_reset_done": "static page",
    "password_reset_confirm": "Django's signed token",
    "password_reset_complete": "static page",
    "accounts:signup": "a form (open redirects: test_redirects)",
    "accounts:token": "the user's own API token only",
    "api:anno-context": "the W3C JSON-LD context file",
    "api:schema": "the OpenAPI schema",
    "api:docs": "a page built from the OpenAPI schema",
    "edition:library": "editions only (no annotations)",
    "edition:about": "edition metadata",
    "edition:export-md": "the edition's text",
    "edition:export-json": "the edition's text",
    "edition:review": "OCR corrections: the edition's editors only, edition text",
    "edition:review-decide": "OCR corrections: the edition's editors only, edition text",
    "edition:region-decide": "OCR regions: the edition's editors only, edition text",
    "edition:passage-fragment": "the passage's text",
    "edition:versions": "edition versions (editors' notes are about the text)",
    "edition:corrections": "OCR corrections summary (edition text)",
    "notifications:preferences": "the user's own e-mail preference",
}


def walk(patterns=None, prefix: str = "", namespace: str | None = None):
    """(route, name) of every URL pattern, namespaced like reverse() wants it."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) == "admin/":
                yield "admin/", "admin"
                continue
            yield from walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name


def annotation_routes() -> dict[str, str]:
    """Routes taking an annotation id, as format strings of `pk`."""
    return {
        "annotations:detail": "/annotations/{pk}/",
        "annotations:go": "/annotations/{pk}/go/",
        "annotations:reply": "/annotations/{pk}/reply/",
        "annotations:edit": "/annotations/{pk}/edit/",
        "annotations:delete": "/annotations/{pk}/delete/",
        "annotations:flag": "/annotations/{pk}/flag/",
        "annotations:appeal": "/annotations/{pk}/appeal/",
        "annotations:decide": "/moderation/annotations/{pk}/decide/",
        "api:annotation": "/api/annotations/{pk}/",
        "api:flag": "/api/annotations/{pk}/flags/",
        "api:decision": "/api/annotations/{pk}/moderation/",
        "api:appeal": "/api/annotations/{pk}/appeal/",
        "annotations:cite": "/cite/annotations/{pk}/",
        "annotations:cite-as": "/cite/annotations/{pk}.json",
        "annotations:orphan-reattach": "/editions/thesis/orphans/{pk}/reattach/",
    }


# Searches for every canary (the URL echoes the word itself, so prefixes are searched too).
SEARCHES = [
    "zz*",
    "zzpriv*",
    "zzgrp*",
    "zzpend*",
    "zzhidden*",
    "zzpeer*",
    "zzsol*",
    "zzgroupname",
    "remark",
]


def samples(w) -> dict[str, list[str]]:
    """Addresses to GET for each checked route, with ids of the world `w`."""
    annotation_ids = [
        w.public.pk,
        w.private.pk,
        w.private_reply.pk,
        w.grp.pk,
        w.grp_reply.pk,
        w.pending.pk,
        w.hidden.pk,
        w.peer.pk,
        w.anonymous_note.pk,
    ]
    groups = [w.group.pk, w.other_group.pk, w.seminar.pk, NONEXISTENT]
    seminars = [w.seminar.pk, w.other_seminar.pk]
    assignments = [w.assignment.pk, w.anonymous_assignment.pk]
    by_annotation = {
        name: [url.format(pk=pk) for pk in annotation_ids]
        for name, url in annotation_routes().items()
    }
    api_lists = [
        "/api/annotations/",
        "/api/annotations/?user=ana",
        "/api/annotations/?user=sol",
        "/api/annotations/?edition=secret-reading&section=chapter-1",
        "/api/annotations/?tag=zzprivtag",
        "/api/annotations/?tag=zzgrptag",
        "/api/annotations/?edition=thesis&section=chapter-1",
        "/api/annotations/?edition=thesis&passage=p1",
        "/api/annotations/?motivation=replying",
        *[f"/api/annotations/?group={g}" for g in groups],
        *[f"/api/annotations/?parent={pk}" for pk in annotation_ids],
        "/api/annotations/?page=0&limit=1000",
    ]
    queue_views = ["waiting", "appeals", "hidden", "all"]
    return {
        **by_annotation,
        "api:annotations": api_lists,
        "api:counts": [
            "/api/annotations/counts/?edition=secret-reading&section=chapter-1",
            "/api/annotations/counts/?edition=thesis&section=chapter-1",
            "/api/annotations/counts/?edition=thesis&section=chapter-2",
        ],
        "api:appeal-decision": [f"/api/appeals/{NONEXISTENT}/decision/"],
        "api:queue": [
            "/api/moderation/queue/",
            *[f"/api/moderation/queue/?show={s}" for s in queue_views],
        ],
        "api:me": ["/api/me/"],
        "api:search": [f"/api/search/?q={q}" for q in SEARCHES]
        + ["/api/search/?q=zz*&show=annotations", "/api/search/?q=zz*&mine=on"],
        "annotations:search": [f"/search/?q={q}" for q in SEARCHES]
        + ["/search/?q=zz*&edition=thesis&order=reading", "/search/?q=anonymous+round"],
        "accounts:profile": ["/accounts/profile/"],
        "groups:groups": ["/groups/"],
        "groups:group-create": ["/groups/new/"],
        "groups:group-join-code": ["/groups/join/"],
        "groups:group-join": ["/groups/join/not-a-code/"],
        "groups:group": [f"/groups/{g}/" for g in groups],
        "groups:invite-create": [f"/groups/{g}/invites/" for g in groups],
        "groups:invite-revoke": [f"/groups/{g}/invites/{w.invite.pk}/revoke/" for g in groups],
        "groups:group-leave": [f"/groups/{g}/leave/" for g in groups],
        "groups:member-role": [f"/groups/{g}/members/{w.mia.pk}/role/" for g in groups],
        "annotations:new": ["/annotations/new/?passage=thesis:p1"],
        "annotations:mine": ["/annotations/mine/"],
        "annotations:orphans": ["/annotations/orphans/"],
        "annotations:export-csv": ["/annotations/export.csv"],
        "annotations:export-jsonld": ["/annotations/export.jsonld"],
        "annotations:queue": [
            "/moderation/",
            *[f"/moderation/?show={s}" for s in queue_views],
            *[f"/moderation/?group={g}" for g in groups],
        ],
        "annotations:decide-bulk": ["/moderation/bulk/"],
        "annotations:appeal-decide": [f"/moderation/appeals/{NONEXISTENT}/decide/"],
        "annotations:sanctions": ["/moderation/sanctions/"],
        "annotations:sanction-lift": [f"/moderation/sanctions/{NONEXISTENT}/lift/"],
        "annotations:group-moderation": [f"/moderation/groups/{g}/" for g in groups],
        "annotations:moderation-stats": ["/moderation/stats/"],
        "annotations:moderation-log": ["/moderation/log/"],
        "annotations:moderation-log-csv": ["/moderation/log.csv"],
        "annotations:group-export-csv": [f"/groups/{g}/export.csv" for g in groups],
        "annotations:group-export-jsonld": [f"/groups/{g}/export.jsonld" for g in groups],
        "seminars:seminars": ["/seminars/"],
        "seminars:seminar-create": ["/seminars/new/"],
        "seminars:join-code": ["/seminars/join/"],
        "seminars:join": ["/seminars/join/not-a-code/"],
        "seminars:seminar": [f"/seminars/{s}/" for s in seminars],
        "seminars:roster": [f"/seminars/{s}/roster/" for s in seminars],
        "seminars:roster-import": [f"/seminars/{s}/roster/import/" for s in seminars],
        "seminars:settings": [f"/seminars/{s}/settings/" for s in seminars],
        "seminars:sections": [f"/seminars/{s}/sections/" for s in seminars],
        "seminars:member-role": [f"/seminars/{s}/members/{w.sol.pk}/role/" for s in seminars],
        "seminars:assignment-create": [f"/seminars/{s}/assignments/new/" for s in seminars],
        "seminars:my-assignments": ["/assignments/"],
        **{
            f"seminars:{name}": [f"/assignments/{a}/{path}" for a in assignments]
            for name, path in [
                ("assignment", ""),
                ("assignment-edit", "edit/"),
                ("annotate", "annotate/?passage=p3"),
                ("share-notes", "share-notes/"),
                ("reveal", "reveal/"),
                ("release", "release/"),
                ("copy", "copy/"),
                ("dashboard", "dashboard/"),
                ("rubric", "rubric/"),
                ("grades-csv", "grades.csv"),
                ("annotations-jsonld", "annotations.jsonld"),
            ]
        },
        **{
            f"seminars:{name}": [
                f"/assignments/{a}/students/{w.sol.pk}/{path}" for a in assignments
            ]
            for name, path in [("student", ""), ("scores", "scores/"), ("feedback", "feedback/")]
        },
        "seminars:feature": [f"/assignments/{a}/feature/{w.peer.pk}/" for a in assignments],
        "notifications:list": ["/notifications/", "/notifications/?show=unread"],
        "notifications:read-all": ["/notifications/read/"],
        "notifications:open": [f"/notifications/{NONEXISTENT}/open/"],
        "edition:upload-new": ["/uploads/new/"],
        "edition:upload": [f"/uploads/{w.upload.pk}/"],
        "edition:upload-status": [f"/uploads/{w.upload.pk}/status.json"],
        "edition:upload-retry": [f"/uploads/{w.upload.pk}/retry/"],
        "edition:draft-publish": ["/editions/draft-reading/draft/publish/"],
        "edition:draft-discard": ["/editions/draft-reading/draft/discard/"],
        "edition:draft-metadata": ["/editions/draft-reading/draft/metadata/"],
        "edition:make-public": ["/editions/secret-reading/make-public/"],
        "edition:edition": ["/editions/thesis/", "/editions/secret-reading/"],
        "edition:section": ["/editions/thesis/chapter-1/", "/editions/thesis/chapter-2/"],
        "edition:section-diff": ["/editions/thesis/chapter-1/diff/"],
        "edition:passage": ["/editions/thesis/passages/p1/", "/editions/thesis/passages/p3/"],
        "edition:passage-provenance": ["/editions/thesis/passages/p1/provenance/"],
        "edition:passage-diff": ["/editions/thesis/passages/p1/diff/"],
        "edition:passage-cite": ["/editions/thesis/passages/p1/cite/"],
        "edition:passage-cite-as": [
            f"/editions/thesis/passages/p1/cite.{f}" for f in ("txt", "bib", "json")
        ],
        "annotations:suggestion-new": ["/editions/thesis/passages/p1/suggest/"],
        "annotations:suggestion-queue": ["/suggestions/", "/suggestions/?status=all"],
        "annotations:suggestions-accept": ["/suggestions/accept/"],
        "annotations:suggestion-decide": [f"/suggestions/{NONEXISTENT}/decide/"],
        "annotations:edition-orphans": ["/editions/thesis/orphans/"],
        "edition:editors": ["/editions/thesis/editors/"],
        "edition:editor-revoke": [f"/editions/thesis/editors/{NONEXISTENT}/revoke/"],
    }

"""W3C request bodies for the API tests."""

import json

SITE = "http://127.0.0.1:8000"
LD = "application/ld+json"


def passage_iri(passage) -> str:
    return passage.get_iri()


def target(passage, start=None, end=None, exact=None, prefix=None, suffix=None) -> dict:
    selectors = []
    if exact is not None or prefix is not None or suffix is not None:
        quote = {"type": "TextQuoteSelector", "exact": exact}
        if prefix is not None:
            quote["prefix"] = prefix
        if suffix is not None:
            quote["suffix"] = suffix
        selectors.append(quote)
    if start is not None or end is not None:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    result = {"source": passage_iri(passage)}
    if selectors:
        result["selector"] = selectors
    return result


def annotation_body(
    tgt, *, text="A note.", tags=(), visibility=None, group=None, motivation="commenting"
) -> dict:
    body = [{"type": "TextualBody", "value": text, "format": "text/markdown"}] if text else []
    body += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in tags]
    data = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "motivation": motivation,
        "body": body,
        "target": tgt,
    }
    lectio = {}
    if visibility:
        lectio["visibility"] = visibility
    if group is not None:
        lectio["group"] = group
    if lectio:
        data["lectio"] = lectio
    return data


def post(client, data, **extra):
    return client.post("/api/annotations/", json.dumps(data), content_type=LD, **extra)


def put(client, pk, data, **extra):
    return client.put(f"/api/annotations/{pk}/", json.dumps(data), content_type=LD, **extra)

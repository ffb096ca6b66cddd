"""JSON-LD in and out, as the W3C Web Annotation Protocol wants it."""

from rest_framework.renderers import JSONRenderer

from config.parsers import JSONParser

ANNO_PROFILE = "http://www.w3.org/ns/anno.jsonld"
LD_CONTENT_TYPE = f'application/ld+json; profile="{ANNO_PROFILE}"'


class JSONLDRenderer(JSONRenderer):
    """Renders `application/ld+json`; views set the full type with the anno profile.

    The profile is not part of `media_type` because DRF would then refuse clients that
    accept plain `application/ld+json` or `*/*`.
    """

    media_type = "application/ld+json"
    format = "jsonld"
    charset = None


class JSONLDParser(JSONParser):
    media_type = "application/ld+json"

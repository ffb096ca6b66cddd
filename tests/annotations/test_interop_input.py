"""What other W3C clients write: each target is stored on exactly the characters it names,
or refused with a 400 that says why."""

from annotations.models import Annotation
from tests.annotations.helpers import annotation_body, post, target
from tests.base import PersonaTestCase
from tests.factories import make_edition

REPEATS = "the cat and the dog and the bird"


class TargetInputTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.repeats = make_edition("repeats", texts=[REPEATS, "Second one.", "Third one."])
        cls.r1, cls.r2, cls.r3 = cls.repeats.passages.order_by("order")

    def setUp(self):
        self.client.force_login(self.ana)

    def stored(self, response) -> tuple[int, int, str]:
        self.assertEqual(response.status_code, 201, response.content)
        a = Annotation.objects.get(pk=response.json()["id"].rstrip("/").rsplit("/", 1)[1])
        return a.selector_start, a.selector_end, a.selector_exact

    def refused(self, response, words: str) -> None:
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn(words, response.json()["detail"])
        self.assertFalse(Annotation.objects.exists())

    def test_every_quote_and_position_that_agree_with_the_text_is_stored_there(self):
        text = self.r1.text
        spans = [(s, e) for s in range(0, len(text), 5) for e in range(s + 1, len(text) + 1, 9)]
        for start, end in spans:
            for prefix, suffix in [(None, None), (text[:start], text[end:]), ("", "")]:
                data = annotation_body(target(self.r1, start, end, text[start:end], prefix, suffix))
                with self.subTest(start=start, end=end, prefix=prefix):
                    self.assertEqual(
                        self.stored(post(self.client, data)), (start, end, text[start:end])
                    )

    def test_a_position_only_target_is_stored_on_its_characters(self):
        self.assertEqual(
            self.stored(post(self.client, annotation_body(target(self.r1, 4, 7)))), (4, 7, "cat")
        )

    def test_a_quote_found_once_or_told_apart_by_its_context_is_resolved(self):
        self.assertEqual(
            self.stored(post(self.client, annotation_body(target(self.r1, exact="dog")))),
            (16, 19, "dog"),
        )
        data = annotation_body(target(self.r1, exact="the", prefix="cat and "))
        self.assertEqual(self.stored(post(self.client, data))[:2], (12, 15))
        data = annotation_body(target(self.r1, exact="and", suffix=" the bird"))
        self.assertEqual(self.stored(post(self.client, data))[:2], (20, 23))

    def test_an_ambiguous_quote_is_refused_and_says_why(self):
        self.refused(
            post(self.client, annotation_body(target(self.r1, exact="the"))), "occurs 3 times"
        )
        data = annotation_body(target(self.r1, exact="the", prefix="and "))  # before two of them
        self.refused(post(self.client, data), "do not tell which")

    def test_a_quote_that_disagrees_with_the_text_or_its_position_is_refused(self):
        self.refused(post(self.client, annotation_body(target(self.r1, exact="cow"))), "not found")
        self.refused(
            post(self.client, annotation_body(target(self.r1, 4, 7, exact="dog"))), "does not match"
        )
        self.refused(
            post(self.client, annotation_body(target(self.r1, 4, 7, exact="cat", prefix="a "))),
            "prefix",
        )

    def test_a_position_selector_without_offsets_is_refused(self):
        data = annotation_body(
            {"source": self.r1.get_iri(), "selector": {"type": "TextPositionSelector"}}
        )
        self.refused(post(self.client, data), "start and end must be integers")
        data = annotation_body(target(self.r1, 4, 99))
        self.refused(post(self.client, data), "0 <= start < end")

    def test_a_plain_passage_iri_is_a_whole_passage_annotation(self):
        response = post(self.client, annotation_body(self.r2.get_iri()))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["target"], {"source": self.r2.get_iri()})
        self.assertIsNone(Annotation.objects.get().parent_id)

    def test_a_list_of_targets_spans_adjacent_passages(self):
        text = self.r1.text
        data = annotation_body(
            [
                target(self.r1, exact="the bird"),
                self.r2.get_iri(),
                target(self.r3, 0, 5, exact="Third"),
            ]
        )
        response = post(self.client, data)
        self.assertEqual(response.status_code, 201, response.content)
        pieces = Annotation.objects.get().selectors
        self.assertEqual(
            [(p["start"], p["end"]) for p in pieces], [(len(text) - 8, len(text)), (0, 11), (0, 5)]
        )

    def test_body_value_is_the_text_body(self):
        data = annotation_body(target(self.r1, 4, 7), text="")
        data["bodyValue"] = "A plain note"
        response = post(self.client, data)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Annotation.objects.get().body, "A plain note")
        data["body"] = [{"type": "TextualBody", "value": "x"}]
        self.assertEqual(post(self.client, data).status_code, 400)

    def test_a_target_on_the_section_page_is_scoped_by_the_passage_fragment(self):
        page = f"http://127.0.0.1:8000{self.r1.section.get_absolute_url()}"
        quote = {"type": "TextQuoteSelector", "exact": "dog", "prefix": "the ", "suffix": " and"}
        scoped = {
            "type": "FragmentSelector",
            "conformsTo": "http://tools.ietf.org/rfc/rfc3236",
            "value": f"p-{self.r1.anchor}",
            "refinedBy": [quote, {"type": "TextPositionSelector", "start": 16, "end": 19}],
        }
        data = annotation_body({"source": page, "selector": scoped})
        self.assertEqual(self.stored(post(self.client, data)), (16, 19, "dog"))
        data = annotation_body({"source": f"{page}#p-{self.r1.anchor}", "selector": quote})
        self.assertEqual(self.stored(post(self.client, data)), (16, 19, "dog"))
        response = post(self.client, annotation_body({"source": page, "selector": quote}))
        self.assertEqual(response.status_code, 400)
        self.assertIn("FragmentSelector", response.json()["detail"])

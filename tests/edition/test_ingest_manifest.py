import json
import shutil
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from edition.ingest.manifest import ManifestError, read_manifest

GOOD = {"slug": "a", "title": "T", "author": "A", "year": 2000, "source": "a.txt", "kind": "clean"}


class ReadManifestTests(SimpleTestCase):
    def write(self, data) -> Path:
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "manifest.json"
        path.write_text(data if isinstance(data, str) else json.dumps(data))
        return path

    def test_it_reads_the_projects_manifest(self):
        entries = read_manifest(Path("fixtures/texts/manifest.json"))
        self.assertEqual([e.kind for e in entries], ["ocr-book", "born-digital", "clean"])
        self.assertEqual(entries[0].source, "002_dc425599c080b882.txt")

    def test_it_refuses_bad_manifests_with_a_message_naming_the_problem(self):
        cases = [
            ("not json", "{", "not valid JSON"),
            ("no texts", {"x": []}, "list under 'texts'"),
            ("missing field", {"texts": [{"slug": "a"}]}, "lacks title"),
            ("unknown kind", {"texts": [GOOD | {"kind": "scroll"}]}, "unknown kind 'scroll'"),
            ("path in source", {"texts": [GOOD | {"source": "../x.txt"}]}, "plain file name"),
            ("duplicate slug", {"texts": [GOOD, GOOD]}, "appears twice"),
            ("slug with spaces", {"texts": [GOOD | {"slug": "a b"}]}, "lowercase letters"),
            ("slug with capitals", {"texts": [GOOD | {"slug": "Abc"}]}, "lowercase letters"),
            ("slug with a slash", {"texts": [GOOD | {"slug": "a/b"}]}, "lowercase letters"),
            ("empty slug", {"texts": [GOOD | {"slug": ""}]}, "lowercase letters"),
            ("long slug", {"texts": [GOOD | {"slug": "a" * 81}]}, "at most 80"),
            ("slug not text", {"texts": [GOOD | {"slug": 7}]}, "'slug' must be a string"),
            ("source not text", {"texts": [GOOD | {"source": 7}]}, "'source' must be a string"),
            ("kind not text", {"texts": [GOOD | {"kind": ["clean"]}]}, "'kind' must be"),
            ("empty title", {"texts": [GOOD | {"title": " "}]}, "title must not be empty"),
            ("year as text", {"texts": [GOOD | {"year": "1986"}]}, "year must be a whole"),
            ("year as bool", {"texts": [GOOD | {"year": True}]}, "year must be a whole"),
            ("bad hash", {"texts": [GOOD | {"sha256": "xyz"}]}, "64 lowercase hex"),
            ("text not an object", {"texts": ["a.txt"]}, "is not an object"),
        ]
        for name, data, message in cases:
            with self.subTest(name), self.assertRaisesMessage(ManifestError, message):
                read_manifest(self.write(data))

    def test_it_says_when_the_manifest_is_missing(self):
        with self.assertRaisesMessage(ManifestError, "manifest not found"):
            read_manifest(Path("/nonexistent/manifest.json"))


class EditorialSettingsTests(SimpleTestCase):
    def read(self, editorial):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        path = folder / "manifest.json"
        path.write_text(json.dumps({"texts": [GOOD | {"editorial": editorial}]}))
        return read_manifest(path)[0].editorial

    def test_the_seed_books_settings_are_read_from_its_entry(self):
        entry = read_manifest(Path("fixtures/texts/manifest.json"))[0]
        self.assertEqual(entry.editorial.parts["4"], "Part I")
        self.assertEqual(entry.editorial.parts["5"], "Part II")
        self.assertIn("notes", entry.editorial.page_runs)
        self.assertEqual(entry.editorial.page_anchors, {227: 6, 12131: 304})

    def test_other_entries_have_none(self):
        entries = read_manifest(Path("fixtures/texts/manifest.json"))
        self.assertEqual([e.editorial.parts for e in entries[1:]], [{}, {}])

    def test_good_settings(self):
        editorial = self.read(
            {"parts": {"Part A": ["1", "2"]}, "page_runs": ["1"], "page_anchors": {"10": 3}}
        )
        self.assertEqual(editorial.parts, {"1": "Part A", "2": "Part A"})
        self.assertEqual((editorial.page_runs, editorial.page_anchors), (("1",), {10: 3}))

    def test_bad_settings_are_refused_naming_the_entry_and_the_setting(self):
        cases = [
            ("not an object", [], "'editorial' must be an object"),
            ("unknown", {"chapters": {}}, "unknown editorial setting chapters"),
            ("parts shape", {"parts": ["1"]}, "'parts' must map"),
            ("chapter twice", {"parts": {"A": ["1"], "B": ["1"]}}, "chapter '1' is in two parts"),
            ("runs not strings", {"page_runs": [1]}, "'page_runs' must be a list"),
            ("anchor line", {"page_anchors": {"x": 3}}, "page anchor 'x'"),
            ("anchor page", {"page_anchors": {"10": "3"}}, "both positive integers"),
            ("anchor zero", {"page_anchors": {"10": 0}}, "both positive integers"),
        ]
        for name, editorial, message in cases:
            with self.subTest(name), self.assertRaisesMessage(ManifestError, message):
                self.read(editorial)
            with self.subTest(name, where="entry"), self.assertRaisesMessage(ManifestError, "(a)"):
                self.read(editorial)

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
        ]
        for name, data, message in cases:
            with self.subTest(name), self.assertRaisesMessage(ManifestError, message):
                read_manifest(self.write(data))

    def test_it_says_when_the_manifest_is_missing(self):
        with self.assertRaisesMessage(ManifestError, "manifest not found"):
            read_manifest(Path("/nonexistent/manifest.json"))

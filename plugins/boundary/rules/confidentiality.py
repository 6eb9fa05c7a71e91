"""B1 — confidentiality (work in progress)."""


def rules():
    return []

"""What package indexes and ``pip show`` tell a user about omnicheck."""

from __future__ import annotations

from importlib.metadata import metadata


def test_the_package_names_its_project_urls_and_keywords():
    meta = metadata("omnicheck")
    urls = dict(entry.split(", ", 1) for entry in meta.get_all("Project-URL") or [])
    assert set(urls) == {"Homepage", "Documentation", "Issues", "Source", "Changelog"}
    assert all(url.startswith("https://github.com/omnicheck/omnicheck") for url in urls.values())
    keywords = meta["Keywords"].split(",")
    assert {"omnichannel", "cli"} <= set(keywords)

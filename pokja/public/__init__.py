"""The public page (issue #21): verified figures without an account, and open data.

`/publik/` (the nation), `/publik/<code>/` (a province or a kab/kota), the datasets under
`/publik/data/`, robots.txt and the sitemap. Served without a session, whole responses cached
under the page cache's generation, throttled per client address (http.py). The apps contribute
their tables through `registry.add_public_dataset` (pokja/kernel/public_data.py).
"""

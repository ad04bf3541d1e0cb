"""Getting papers from where researchers get them: one module per source over one HTTP client.

The network is used only by these modules (the `graphkb fetch` and `graphkb enrich`
commands); every base URL can be moved with an environment variable.
"""

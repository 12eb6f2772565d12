"""Tandem's domain apps, in dependency order.

Each may contribute pages (``urls.py``), an API router (``api.py``) and the authorization
matrix's rules (``tests/access_rules.py``); settings, the URL map, the API and the matrix all
read this one list.
"""

DOMAIN_APPS = (
    "core",
    "accounts",
    "projects",
    "planning",
    "goals",
    "resources",
    "risks",
    "meetings",
    "records",
    "coordination",
    "comms",
    "monitoring",
    "integrations",
    "reports",
    "transfer",
    "worklists",
    # Reads every app above (it finds their records), so it comes last.
    "search",
)

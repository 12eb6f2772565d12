"""REST endpoints for importing and exporting plans."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["import and export"])

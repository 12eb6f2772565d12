"""REST endpoints for importing and exporting plans."""

from __future__ import annotations

from ninja import Router

from .api_export import router as export_router
from .api_import import import_router

router = Router(tags=["import and export"])
router.add_router("", export_router)
router.add_router("", import_router)

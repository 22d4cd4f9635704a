"""POST /hooks/feedback: signed feedback from survey tools and anything else."""

from __future__ import annotations

import logging
import os

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot import webhook
from bot.config import Settings
from bot.errors import EmptyChairError, WebhookRejected
from bot.store import Store
from handlers import pools

logger = logging.getLogger(__name__)


async def _read_capped(request: Request, limit: int) -> bytes:
    """The raw body, refusing more than `limit` bytes before reading it all."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise WebhookRejected("request too large", status=413)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise WebhookRejected("request too large", status=413)
    return bytes(body)


def webhook_router(store: Store, settings: Settings, secret_key: str | None = None) -> APIRouter:
    """The feedback webhook's routes; `secret_key` decrypts stored secrets (Fernet)."""
    router = APIRouter()
    key = secret_key if secret_key is not None else os.environ.get("EMPTYCHAIR_SECRET_KEY")
    webhook.check_secret_key(key)

    def accept(tenant: str | None, signature: str | None, body: bytes) -> webhook.WebhookResult:
        """Verify, parse and store one request (on a worker thread)."""
        verified = webhook.verify(store, tenant, signature, body, key or None)
        items = webhook.parse_items(body)
        return webhook.receive(store, verified, items, mask=settings.mask_personal_data)

    @router.post("/hooks/feedback")
    async def hooks_feedback(request: Request) -> JSONResponse:
        try:
            body = await _read_capped(request, webhook.MAX_BODY_BYTES)
            result = await pools.request(
                accept,
                request.headers.get(webhook.TENANT_HEADER),
                request.headers.get(webhook.SIGNATURE_HEADER),
                body,
            )
        except WebhookRejected as exc:
            return JSONResponse({"ok": False, "error": exc.message}, status_code=exc.status)
        except EmptyChairError as exc:
            logger.exception("feedback webhook failed")
            return JSONResponse({"ok": False, "error": exc.message}, status_code=503)
        return JSONResponse(
            {"ok": True, "stored": result.stored, "duplicates": result.duplicates},
            status_code=202,
        )

    return router

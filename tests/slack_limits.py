"""Block Kit's documented limits, checked on rendered JSON (independently of slack_sdk).

https://docs.slack.dev/reference/block-kit/blocks, .../block-elements, .../composition-objects
and .../surfaces/modals. The stand-in runs these checks on every message and view it
receives, so every block set rendered in an end-to-end test is validated too.
"""

from __future__ import annotations

from typing import Any

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100


def _text(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text") or "")
    return str(obj or "")


def element_problems(element: dict[str, Any], where: str) -> list[str]:
    """Limits of one interactive element (and its options and confirm dialog)."""
    found = []
    kind = element.get("type")
    if len(str(element.get("action_id") or "")) > 255:
        found.append(f"{where}: action_id over 255")
    if kind == "button":
        if not 0 < len(_text(element.get("text"))) <= 75:
            found.append(f"{where}: button text must be 1-75 characters")
        if len(str(element.get("value") or "")) > 2000:
            found.append(f"{where}: button value over 2000")
    if len(_text(element.get("placeholder"))) > 150:
        found.append(f"{where}: placeholder over 150")
    options = list(element.get("options") or []) + list(element.get("initial_options") or [])
    if element.get("initial_option"):
        options.append(element["initial_option"])
    if len(element.get("options") or []) > 100:
        found.append(f"{where}: more than 100 options")
    for option in options:
        if not 0 < len(_text(option.get("text"))) <= 75:
            found.append(f"{where}: option text must be 1-75 characters")
        if len(str(option.get("value") or "")) > 150:
            found.append(f"{where}: option value over 150")
    if kind == "plain_text_input":
        max_length = int(element.get("max_length") or 3000)
        if max_length > 3000:
            found.append(f"{where}: max_length over 3000")
        if len(str(element.get("initial_value") or "")) > max_length:
            found.append(f"{where}: initial_value longer than max_length")
    confirm = element.get("confirm")
    if confirm:
        for key, limit in (("title", 100), ("text", 300), ("confirm", 30), ("deny", 30)):
            if len(_text(confirm.get(key))) > limit:
                found.append(f"{where}: confirm {key} over {limit}")
    return found


def block_problems(block: dict[str, Any], where: str) -> list[str]:
    """Limits of one block."""
    found = []
    kind = block.get("type")
    if len(str(block.get("block_id") or "")) > 255:
        found.append(f"{where}: block_id over 255")
    if kind == "section":
        if not (block.get("text") or block.get("fields")):
            found.append(f"{where}: section without text or fields")
        if len(_text(block.get("text"))) > 3000:
            found.append(f"{where}: section text over 3000")
        if len(block.get("fields") or []) > 10:
            found.append(f"{where}: more than 10 fields")
        for field in block.get("fields") or []:
            if len(_text(field)) > 2000:
                found.append(f"{where}: field over 2000")
        if block.get("accessory"):
            found += element_problems(block["accessory"], where + ".accessory")
    elif kind == "header":
        if not 0 < len(_text(block.get("text"))) <= 150:
            found.append(f"{where}: header text must be 1-150 characters")
    elif kind == "context":
        if not 0 < len(block.get("elements") or []) <= 10:
            found.append(f"{where}: context needs 1-10 elements")
        for element in block.get("elements") or []:
            if len(_text(element)) > 3000:
                found.append(f"{where}: context text over 3000")
    elif kind == "actions":
        if not 0 < len(block.get("elements") or []) <= 25:
            found.append(f"{where}: actions need 1-25 elements")
        for i, element in enumerate(block.get("elements") or []):
            found += element_problems(element, f"{where}.elements[{i}]")
    elif kind == "input":
        if not 0 < len(_text(block.get("label"))) <= 2000:
            found.append(f"{where}: input label must be 1-2000 characters")
        if len(_text(block.get("hint"))) > 2000:
            found.append(f"{where}: hint over 2000")
        found += element_problems(block.get("element") or {}, where + ".element")
    return found


def message_problems(blocks: list[dict[str, Any]]) -> list[str]:
    """Every limit a message's blocks break ([] when Slack would accept them)."""
    found = [] if 0 < len(blocks) <= MESSAGE_BLOCKS else [f"{len(blocks)} blocks (1-50)"]
    for i, block in enumerate(blocks):
        found += block_problems(block, f"blocks[{i}]")
    return found


def view_problems(view: dict[str, Any]) -> list[str]:
    """Every limit a modal or Home tab breaks."""
    blocks = list(view.get("blocks") or [])
    found = [] if 0 < len(blocks) <= VIEW_BLOCKS else [f"{len(blocks)} blocks (1-100)"]
    if view.get("type") == "modal":
        for key in ("title", "submit", "close"):
            if key in view and not 0 < len(_text(view[key])) <= 24:
                found.append(f"modal {key} must be 1-24 characters")
        if "title" not in view:
            found.append("modal without a title")
    if len(str(view.get("private_metadata") or "")) > 3000:
        found.append("private_metadata over 3000")
    if len(str(view.get("callback_id") or "")) > 255:
        found.append("callback_id over 255")
    for i, block in enumerate(blocks):
        found += block_problems(block, f"blocks[{i}]")
    return found

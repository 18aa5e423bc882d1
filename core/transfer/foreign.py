"""Readers for other apps' exports: Claude.ai (``conversations.json``: conversations with their
messages in order) and ChatGPT (``conversations.json``: a message tree; the branch last seen is kept)."""

from __future__ import annotations

from typing import Any

from .records import (
    SOURCE_CHATGPT,
    SOURCE_CLAUDE,
    ImportedChat,
    ImportedMessage,
    ImportFormatError,
    expect,
    title_or,
    when,
)


def claude_chat(raw: Any, where: str) -> ImportedChat:
    c = expect(raw, dict, where)
    uuid = expect(c.get("uuid"), str, f"{where}: uuid")
    created = when(c.get("created_at"), f"{where}: created_at", 0)
    messages = []
    for j, raw_m in enumerate(expect(c.get("chat_messages"), list, f"{where}: chat_messages")):
        mw = f"{where}, message {j + 1}"
        m = expect(raw_m, dict, mw)
        sender = m.get("sender")
        if sender not in ("human", "assistant"):
            raise ImportFormatError(f"{mw}: sender should be human or assistant, found {str(sender)[:20]!r}")
        blocks = _claude_blocks(m, mw)
        if blocks:
            messages.append(
                ImportedMessage(
                    "user" if sender == "human" else "assistant",
                    blocks,
                    when(m.get("created_at"), f"{mw}: created_at", created),
                )
            )
    first_prompt = next((b.get("text", "") for m in messages if m.role == "user" for b in m.content), "")
    name = c.get("name") if isinstance(c.get("name"), str) else ""
    return ImportedChat(
        SOURCE_CLAUDE,
        uuid,
        title_or(name, first_prompt),
        created,
        messages,
        updated_at=when(c.get("updated_at"), f"{where}: updated_at", created),
    )


def _claude_blocks(m: dict[str, Any], where: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for att in m.get("attachments") or []:
        if isinstance(att, dict) and isinstance(att.get("extracted_content"), str):
            name = att.get("file_name") if isinstance(att.get("file_name"), str) else "attachment"
            blocks.append({"type": "text", "text": f"[Attachment: {name}]\n\n{att['extracted_content']}"})
    content = m.get("content")
    if isinstance(content, list) and content:
        for k, raw in enumerate(content):
            block = expect(raw, dict, f"{where}: content block {k + 1}")
            kind = block.get("type")
            if kind == "text" and isinstance(block.get("text"), str) and block["text"].strip():
                blocks.append({"type": "text", "text": block["text"]})
            elif kind == "thinking" and isinstance(block.get("thinking"), str):
                # No signature: shown in history, never sent back to the API.
                blocks.append({"type": "thinking", "thinking": block["thinking"]})
            elif kind == "tool_use":
                blocks.append({"type": "text", "text": f"[Used a tool: {block.get('name', 'tool')}]"})
    elif isinstance(m.get("text"), str) and m["text"].strip():
        blocks.append({"type": "text", "text": m["text"]})
    elif m.get("text") is not None and not isinstance(m.get("text"), str):
        expect(m.get("text"), str, f"{where}: text")
    return blocks


# ------------------------------------------------------------------ ChatGPT


def chatgpt_chat(raw: Any, where: str) -> ImportedChat | None:
    """The branch the user last saw: from ``current_node`` up through the parents."""
    c = expect(raw, dict, where)
    mapping = expect(c.get("mapping"), dict, f"{where}: mapping")
    ident = c.get("conversation_id") or c.get("id")
    ident = expect(ident, str, f"{where}: id")
    node = c.get("current_node")
    if node is None:  # very old exports: the newest leaf
        leaves = [k for k, v in mapping.items() if isinstance(v, dict) and not v.get("children")]
        node = leaves[-1] if leaves else None
    created = when(c.get("create_time"), f"{where}: create_time", 0)
    path: list[dict[str, Any]] = []
    seen: set[str] = set()
    while node is not None:
        if node in seen:
            raise ImportFormatError(f"{where}: the message tree has a cycle at {str(node)[:40]!r}")
        seen.add(node)
        entry = expect(mapping.get(node), dict, f"{where}: node {str(node)[:40]!r}")
        path.append(entry)
        node = entry.get("parent")
    messages = []
    for entry in reversed(path):
        m = entry.get("message")
        if not isinstance(m, dict):
            continue
        mw = f"{where}, message {str(m.get('id', '?'))[:40]}"
        role = (m.get("author") or {}).get("role") if isinstance(m.get("author"), dict) else None
        if role not in ("user", "assistant"):
            continue  # system prompts, tool calls and their output
        text = _chatgpt_text(m.get("content"), mw)
        if not text.strip():
            continue
        meta: dict[str, Any] = m["metadata"] if isinstance(m.get("metadata"), dict) else {}
        model = meta.get("model_slug") if role == "assistant" and isinstance(meta.get("model_slug"), str) else None
        messages.append(
            ImportedMessage(
                role,
                [{"type": "text", "text": text}],
                when(m.get("create_time"), f"{mw}: create_time", created),
                {"model": model} if model else {},
            )
        )
    if not messages and not c.get("title"):
        return None
    first_prompt = next((m.content[0]["text"] for m in messages if m.role == "user"), "")
    title = c.get("title") if isinstance(c.get("title"), str) else ""
    return ImportedChat(
        SOURCE_CHATGPT,
        ident,
        title_or(title, first_prompt),
        created,
        messages,
        updated_at=when(c.get("update_time"), f"{where}: update_time", created),
    )


def _chatgpt_text(content: Any, where: str) -> str:
    if content is None:
        return ""
    content = expect(content, dict, f"{where}: content")
    kind = content.get("content_type")
    if kind not in ("text", "multimodal_text"):
        return ""
    parts = []
    for part in expect(content.get("parts", []), list, f"{where}: parts"):
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict):
            parts.append("[image]" if "image" in str(part.get("content_type", "")) else "[attachment]")
    return "\n".join(parts)

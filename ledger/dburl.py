"""Database URLs the ledger can use, refused in words (and without their password)."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from ledger.redaction import redact

DRIVERS = ("sqlite://", "postgresql+psycopg://")


def checked(url: str) -> str:
    """``url`` if the ledger can open it; else a ValueError that says why, redacted."""
    if not url.startswith(DRIVERS):
        raise ValueError(
            f"不支持的数据库：{redact(url)}（应为 SQLite 文件路径或 postgresql:// URL）"
        )
    try:
        make_url(url).port  # noqa: B018 - parsing the port is the check
    except ValueError:
        raise ValueError(f"数据库 URL 格式不正确：{redact(url)}（端口应为数字）") from None
    except Exception:
        raise ValueError(f"数据库 URL 格式不正确：{redact(url)}") from None
    return url

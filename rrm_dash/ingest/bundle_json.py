"""Read a STIX bundle file's JSON: the document and its objects, or a file problem saying why not."""

from __future__ import annotations

import json
from typing import Any

from rrm_dash.ingest.batch import Batch, ObjectProblem
from rrm_dash.ingest.messages import Message, msg


def read_bundle(
    data: bytes, file_name: str, batch: Batch
) -> tuple[dict[str, Any], list[Any]] | None:
    """The bundle and its `objects`; None (with a problem added to `batch`) when the file is not
    UTF-8 JSON holding a STIX bundle with a list of objects."""

    def reject(value: str | None, expected: Message, path: str | None = None) -> None:
        batch.problems.append(ObjectProblem(file_name, None, path, value, expected))

    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        reject(None, msg("expected.utf8_at_offset", offset=error.start))
        return None
    except json.JSONDecodeError as error:
        where = {"error": error.msg, "line": error.lineno, "column": error.colno}
        reject(None, msg("expected.json_document", **where))
        return None
    except RecursionError:
        reject(None, msg("expected.json_less_deep"))
        return None
    if not isinstance(document, dict) or document.get("type") != "bundle":
        found = document.get("type") if isinstance(document, dict) else type(document).__name__
        reject(short(found), msg("expected.stix_bundle"), "type")
        return None
    objects = document.get("objects")
    if not isinstance(objects, list):
        reject(short(objects), msg("expected.stix_object_list"), "objects")
        return None
    return document, objects


def short(value: object, limit: int = 80) -> str:
    """A value as it can be quoted in a problem: JSON, cut to `limit` characters."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""The free-text search index (table incident_search), kept up to date in every snapshot.

A search matches when the text, lower-cased, is a substring of an incident's lower-cased title
or summary (that is what ILIKE '%text%' does). Every three-byte run (trigram) of such a
substring is then a trigram of that title or summary, so an incident whose signature lacks one
of the text's trigram bits cannot match: the queries skip it without reading its text, and
compare the text of the others exactly as before. The signature only ever narrows; it never
decides a match.

The signature is 512 bits, kept as eight UBIGINT columns: bit h is set for every trigram
b0 b1 b2 (UTF-8 bytes of DuckDB's lower()) of the title or of the summary, where
h = ((b0 * 65536 + b1 * 256 + b2) * 2654435761 mod 2^32) >> 23. The queries compute the same
bits from the search text in SQL (rrm_dash/sql/queries/incidents/incident_page.sql); a test
keeps the two in step. Trigrams never straddle the title and the summary.

Rows are stored in detection order (like incident_facet) with the incident's marking columns,
so that a search reads only the filter bar's period and the read model scopes the rows with
the incident's own TLP rule.
"""

from __future__ import annotations

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa

SIGNATURE_BITS = 512
SIGNATURE_WORDS = SIGNATURE_BITS // 64
_MULTIPLIER = np.uint32(2654435761)
_SHIFT = np.uint32(32 - SIGNATURE_BITS.bit_length() + 1)
#: Incidents hashed at a time (bounds the working memory to a few hundred MB; the bit matrix
#: index must fit an int32).
BATCH_ROWS = 50_000

#: The chunk's rows as the index keeps them, in detection order, with the lower-cased texts
#: the signatures are computed from (DuckDB's lower(), the one the queries use).
_ROWS = """
select
    incident_id, detected_at, updated_at, tlp, originator_member, releasable_to, title, summary,
    lower(title) as lower_title, lower(coalesce(summary, '')) as lower_summary
from incident
where incident_id in (select incident_id from derive_chunk)
order by detected_at, incident_id
"""
_LOWERED = ("lower_title", "lower_summary")


#: Column of the working bit matrix that collects trigrams straddling two strings (dropped).
_STRADDLE = SIGNATURE_BITS


def _set_trigram_bits(texts: pa.Array, flat_bits: npt.NDArray[np.bool_]) -> None:
    """Set, in the row-major (len(texts), SIGNATURE_BITS + 1) matrix `flat_bits`, the bit of
    every trigram of every string in `texts` (lower-cased text, hashed as stored in UTF-8)."""
    strings = texts.cast(pa.large_string())
    count = len(strings)
    offsets = np.frombuffer(
        strings.buffers()[1], dtype=np.int64, count=count + 1, offset=strings.offset * 8
    )
    start, end = int(offsets[0]), int(offsets[-1])
    if end - start < 3:
        return
    data = np.frombuffer(strings.buffers()[2], dtype=np.uint8)[start:end].astype(np.uint32)
    value = data[:-2] << 16
    value |= data[1:-1] << 8
    value |= data[2:]
    value *= _MULTIPLIER  # wraps modulo 2^32, as the SQL side's "mod 2^32"
    value >>= _SHIFT
    relative = offsets - start
    for back in (1, 2):  # trigrams starting in a string's last two bytes run into the next one
        straddle = relative[1:] - back
        value[straddle[(straddle >= relative[:-1]) & (straddle < len(value))]] = _STRADDLE
    index = np.repeat(np.arange(count, dtype=np.int32), np.diff(relative))[: len(value)]
    index *= SIGNATURE_BITS + 1
    index += value.view(np.int32)
    flat_bits[index] = True


def signatures(titles: pa.Array, summaries: pa.Array) -> npt.NDArray[np.uint64]:
    """The (rows, SIGNATURE_WORDS) signature of each pair of lower-cased title and summary
    (at most BATCH_ROWS rows at a time)."""
    count = len(titles)
    if count > BATCH_ROWS:
        raise ValueError(f"at most {BATCH_ROWS} rows at a time, not {count}")
    bits = np.zeros((count, SIGNATURE_BITS + 1), dtype=bool)
    for texts in (titles, summaries):
        _set_trigram_bits(texts, bits.reshape(-1))
    packed = np.packbits(bits[:, :SIGNATURE_BITS], axis=1, bitorder="little")
    return packed.view("<u8").astype(np.uint64)


def insert_search_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Insert the incident_search rows of the incidents in the temporary table derive_chunk
    (rrm_dash/warehouse/derive.py chooses the chunks and removes the stale rows first)."""
    chunk = con.sql(_ROWS).to_arrow_table()  # whole: the connection then takes the inserts
    for batch in chunk.to_batches(BATCH_ROWS):
        words = signatures(batch.column("lower_title"), batch.column("lower_summary"))
        rows = pa.Table.from_batches([batch]).drop_columns(list(_LOWERED))
        for k in range(SIGNATURE_WORDS):
            rows = rows.append_column(f"trigrams_{k}", pa.array(words[:, k], type=pa.uint64()))
        con.register("search_rows", rows)
        try:
            con.execute("insert into incident_search by name select * from search_rows")
        finally:
            con.unregister("search_rows")

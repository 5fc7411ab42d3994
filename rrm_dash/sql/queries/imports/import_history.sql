-- The newest imports first (administrators only: the scope returns nothing to anyone else).
select
    imported_at,
    username,
    role,
    member_code,
    file_name,
    file_sha256,
    source_format,
    added,
    updated,
    unchanged,
    skipped,
    rejected,
    kept_out,
    detail
from scoped_import_history()
order by imported_at desc, import_id
limit $limit

-- How many filtered incidents match a free-text search (the total behind the explorer's pages).
-- Parameters: $search (text; '' matches everything, otherwise matched case-insensitively in
-- title or summary, with % and _ taken literally).
with needle as (
    select '%' || replace(replace(replace(lower(trim($search)), '\', '\\'), '%', '\%'), '_', '\_')
        || '%' as pattern
),
matching as (
    select incident.incident_id
    from filtered_incident() as incident, needle
    where trim($search) = ''
       or incident.title ilike needle.pattern escape '\'
       or coalesce(incident.summary, '') ilike needle.pattern escape '\'
)
select count(*) as incidents
from matching

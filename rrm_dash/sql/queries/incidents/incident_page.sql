-- One page of the filtered incidents that match a free-text search, in a chosen order: each
-- row's incident_id and detected_at (incidents/page_rows.sql reads what a person sees of
-- them), and on every row the total number of matches.
-- Parameters: $search (text; '' matches everything, otherwise matched case-insensitively in
-- title or summary, with % and _ taken literally), $sort (detected, title, heading, tlp or
-- reach; anything else sorts by detection date), $descending (boolean), $limit and $offset
-- (integers). With no search, newest first, incidents/latest_page.sql gives the same page
-- faster.
--
-- The search reads scoped_incident_search() (see rrm_dash/warehouse/search_index.py): only the
-- filter bar's period, and only incidents whose trigram signature holds every trigram bit of
-- the search text go on to the ILIKE that decides, so the result is exactly the ILIKE's.
with needle as (
    select
        lower(trim($search)) as text,
        '%' || replace(replace(replace(lower(trim($search)), '\', '\\'), '%', '\%'), '_', '\_')
            || '%' as pattern
),
needle_trigram as (
    -- the bit of each trigram of the search text's UTF-8 bytes, hashed as search_index.py does
    select ((('0x' || substr(hex(encode(needle.text)), 2 * i + 1, 6))::bigint * 2654435761)
        % 4294967296) >> 23 as bit
    from needle, range(0, octet_length(encode(needle.text)) - 2) as trigram(i)
),
mask as (
    select
        coalesce(bit_or(1::ubigint << (bit % 64)) filter (where bit // 64 = 0), 0) as m0,
        coalesce(bit_or(1::ubigint << (bit % 64)) filter (where bit // 64 = 1), 0) as m1,
        coalesce(bit_or(1::ubigint << (bit % 64)) filter (where bit // 64 = 2), 0) as m2,
        coalesce(bit_or(1::ubigint << (bit % 64)) filter (where bit // 64 = 3), 0) as m3,
        coalesce(bit_or(1::ubigint << (bit % 64)) filter (where bit // 64 = 4), 0) as m4,
        coalesce(bit_or(1::ubigint << (bit % 64)) filter (where bit // 64 = 5), 0) as m5,
        coalesce(bit_or(1::ubigint << (bit % 64)) filter (where bit // 64 = 6), 0) as m6,
        coalesce(bit_or(1::ubigint << (bit % 64)) filter (where bit // 64 = 7), 0) as m7
    from needle_trigram
),
matching as (
    select search.incident_id, search.title
    from scoped_incident_search() as search, mask, needle
    where needle.text <> ''
      and in_filter_period(search.detected_at)
      and search.trigrams_0 & mask.m0 = mask.m0 and search.trigrams_1 & mask.m1 = mask.m1
      and search.trigrams_2 & mask.m2 = mask.m2 and search.trigrams_3 & mask.m3 = mask.m3
      and search.trigrams_4 & mask.m4 = mask.m4 and search.trigrams_5 & mask.m5 = mask.m5
      and search.trigrams_6 & mask.m6 = mask.m6 and search.trigrams_7 & mask.m7 = mask.m7
      and (search.title ilike needle.pattern escape '\'
           or coalesce(search.summary, '') ilike needle.pattern escape '\')
),
chosen as materialized (
    select
        incident.incident_id,
        incident.detected_at,
        incident.heading,
        incident.tlp,
        incident.reach_estimate
    from filtered_incident() as incident
    where trim($search) = '' or incident.incident_id in (select incident_id from matching)
),
title_key as (
    -- titles are read for every chosen incident only when sorting by title
    select search.incident_id, lower(search.title) as sort_text
    from scoped_incident_search() as search
    where $sort = 'title' and in_filter_period(search.detected_at)
),
keyed as (
    select
        chosen.incident_id,
        chosen.detected_at,
        case $sort
            when 'heading' then heading.rank
            when 'tlp' then tlp_rank(chosen.tlp)
            when 'reach' then chosen.reach_estimate
            when 'title' then null
            else epoch(chosen.detected_at)
        end::double as sort_number,
        title_key.sort_text
    from chosen
    left join title_key using (incident_id)
    left join vocabulary as heading
        on heading.vocabulary = 'heading' and heading.code = chosen.heading
),
page as materialized (
    select *
    from keyed
    order by
        case when not $descending then sort_number end asc nulls last,
        case when $descending then sort_number end desc nulls last,
        case when not $descending then sort_text end asc nulls last,
        case when $descending then sort_text end desc nulls last,
        detected_at desc,
        incident_id
    limit $limit::integer offset $offset::integer
),
counted as (
    select count(*) as total from chosen
)
select page.incident_id, page.detected_at, counted.total
from page, counted
order by
    case when not $descending then page.sort_number end asc nulls last,
    case when $descending then page.sort_number end desc nulls last,
    case when not $descending then page.sort_text end asc nulls last,
    case when $descending then page.sort_text end desc nulls last,
    page.detected_at desc,
    page.incident_id

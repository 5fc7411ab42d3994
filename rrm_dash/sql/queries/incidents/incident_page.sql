-- One page of the filtered incidents that match a free-text search, in a chosen order, with the
-- labels and targeted members a person reads. Parameters: $search (text; '' matches everything,
-- otherwise matched case-insensitively in title or summary, with % and _ taken literally),
-- $sort (detected, title, heading, tlp or reach; anything else sorts by detection date),
-- $descending (boolean), $limit and $offset (integers).
with needle as (
    select '%' || replace(replace(replace(lower(trim($search)), '\', '\\'), '%', '\%'), '_', '\_')
        || '%' as pattern
),
matching as (
    select incident.*
    from filtered_incident() as incident, needle
    where trim($search) = ''
       or incident.title ilike needle.pattern escape '\'
       or coalesce(incident.summary, '') ilike needle.pattern escape '\'
),
keyed as (
    select
        matching.incident_id,
        matching.title,
        matching.detected_at,
        matching.heading,
        matching.threat_type,
        matching.tlp,
        matching.status,
        matching.reach_estimate,
        case $sort
            when 'heading' then heading.rank
            when 'tlp' then tlp_rank(matching.tlp)
            when 'reach' then matching.reach_estimate
            when 'title' then null
            else epoch(matching.detected_at)
        end::double as sort_number,
        case when $sort = 'title' then lower(matching.title) end as sort_text
    from matching
    left join vocabulary as heading
        on heading.vocabulary = 'heading' and heading.code = matching.heading
),
page as (
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
targeted as (
    select
        link.incident_id,
        string_agg(member.name_en, ', ' order by member.name_en) as targeted_en,
        string_agg(member.name_fr, ', ' order by member.name_fr) as targeted_fr
    from filtered_incident_country() as link
    join member on member.member_code = link.country_code
    where link.role = 'targeted'
      and link.incident_id in (select incident_id from page)
    group by link.incident_id
)
select
    page.incident_id,
    page.detected_at,
    page.title,
    page.heading,
    heading.label_en as heading_en,
    heading.label_fr as heading_fr,
    page.threat_type,
    threat.label_en as threat_type_en,
    threat.label_fr as threat_type_fr,
    targeted.targeted_en,
    targeted.targeted_fr,
    page.tlp,
    page.status,
    status.label_en as status_en,
    status.label_fr as status_fr,
    page.reach_estimate
from page
left join targeted using (incident_id)
left join vocabulary as heading
    on heading.vocabulary = 'heading' and heading.code = page.heading
left join vocabulary as threat
    on threat.vocabulary = 'threat_type' and threat.code = page.threat_type
left join vocabulary as status
    on status.vocabulary = 'incident_status' and status.code = page.status
order by
    case when not $descending then page.sort_number end asc nulls last,
    case when $descending then page.sort_number end desc nulls last,
    case when not $descending then page.sort_text end asc nulls last,
    case when $descending then page.sort_text end desc nulls last,
    page.detected_at desc,
    page.incident_id

-- The incidents of the filtered set tagged with one of $ids (a DISARM technique, with its
-- sub-techniques for the heatmap's roll-up: disarm/technique_family.sql), newest first, at
-- most $limit of them, with the members and other countries they target. The ids come as a
-- parameter, not a subquery, so that DuckDB pushes the ORDER BY into the table scan, which
-- then skips the row groups older than the newest $limit found (a year at 10M: 240 → 20 ms).
-- Parameters: $ids (varchar[]); $limit (integer).
with page as (
    select
        incident.incident_id, incident.title, incident.detected_at, incident.tlp,
        incident.targeted_members
    from filtered_incident() as incident
    where has_any_of(incident.technique_ids, $ids::varchar[])
    order by incident.detected_at desc, incident.incident_id
    limit $limit::integer
),
targeted as (
    select
        link.incident_id,
        string_agg(coalesce(member.name_en, country.name_en, link.country_code), ', '
            order by link.country_code) as targeted_en,
        string_agg(coalesce(member.name_fr, country.name_fr, link.country_code), ', '
            order by link.country_code) as targeted_fr
    from (select incident_id, unnest(targeted_members) as country_code from page) as link
    left join member on member.member_code = link.country_code
    left join country on country.country_code = link.country_code
    group by link.incident_id
)
select page.incident_id, page.title, page.detected_at, page.tlp, targeted.targeted_en,
       targeted.targeted_fr
from page
left join targeted using (incident_id)
order by page.detected_at desc, page.incident_id

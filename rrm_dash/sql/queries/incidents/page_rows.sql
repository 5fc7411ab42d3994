-- What a person reads of the incidents of one page, in the page's order: labels, title and
-- targeted members. Parameters: $ids (varchar[], the page's incidents in order), $first and
-- $last (the earliest and latest detected_at among them: only those days are read).
with wanted as (
    select
        unnest($ids::varchar[]) as incident_id,
        generate_subscripts($ids::varchar[], 1) as position
),
page as (
    select
        incident.incident_id,
        incident.detected_at,
        incident.heading,
        incident.threat_type,
        incident.tlp,
        incident.status,
        incident.reach_estimate,
        incident.targeted_members,
        wanted.position
    from filtered_incident() as incident
    join wanted using (incident_id)
    where incident.detected_at between $first::timestamp and $last::timestamp
),
titled as (
    select page.*, search.title
    from page
    join scoped_incident_search() as search using (incident_id)
    where search.detected_at between $first::timestamp and $last::timestamp
),
targeted as (
    select
        titled.incident_id,
        string_agg(member.name_en, ', ' order by member.name_en) as targeted_en,
        string_agg(member.name_fr, ', ' order by member.name_fr) as targeted_fr
    from titled, unnest(titled.targeted_members) as target(member_code)
    join member using (member_code)
    group by titled.incident_id
)
select
    titled.incident_id,
    titled.detected_at,
    titled.title,
    titled.heading,
    heading.label_en as heading_en,
    heading.label_fr as heading_fr,
    titled.threat_type,
    threat.label_en as threat_type_en,
    threat.label_fr as threat_type_fr,
    targeted.targeted_en,
    targeted.targeted_fr,
    titled.tlp,
    titled.status,
    status.label_en as status_en,
    status.label_fr as status_fr,
    titled.reach_estimate
from titled
left join targeted using (incident_id)
left join vocabulary as heading
    on heading.vocabulary = 'heading' and heading.code = titled.heading
left join vocabulary as threat
    on threat.vocabulary = 'threat_type' and threat.code = titled.threat_type
left join vocabulary as status
    on status.vocabulary = 'incident_status' and status.code = titled.status
order by titled.position

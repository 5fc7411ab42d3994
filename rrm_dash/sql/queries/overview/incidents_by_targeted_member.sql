-- Incidents detected in the last 30 and the last 90 days (today included), per targeted member
-- or observer. Parameters: $today (date). Every member and observer is listed.
with recent as (
    select target.country_code, incident.detected_at::date as detected_on
    from scoped_incident() as incident
    join scoped_incident_country() as target using (incident_id)
    where target.role = 'targeted'
      and incident.detected_at::date > $today::date - 90
      and incident.detected_at::date <= $today::date
)
select
    member.member_code,
    member.name_en,
    member.name_fr,
    member.status,
    count(recent.country_code) filter (where recent.detected_on > $today::date - 30) as last_30_days,
    count(recent.country_code) as last_90_days
from member
left join recent on recent.country_code = member.member_code
where member.status <> 'secretariat'
group by member.member_code, member.name_en, member.name_fr, member.status
order by last_90_days desc, member.member_code

-- Incidents in the filtered set, per targeted member or observer (every one listed).
with targeted as (
    select target.country_code, target.incident_id
    from filtered_incident_country() as target
    where target.role = 'targeted'
)
select
    member.member_code,
    member.name_en,
    member.name_fr,
    member.status,
    count(targeted.incident_id) as incidents
from member
left join targeted on targeted.country_code = member.member_code
where member.status <> 'secretariat'
group by member.member_code, member.name_en, member.name_fr, member.status
order by incidents desc, member.member_code

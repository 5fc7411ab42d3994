-- Incidents in the filtered set, per targeted member or observer (every one listed).
with targeted as (
    select code, count(*) as incidents
    from (select unnest(targeted_members) as code from filtered_incident())
    group by code
)
select
    member.member_code,
    member.name_en,
    member.name_fr,
    member.status,
    coalesce(targeted.incidents, 0) as incidents
from member
left join targeted on targeted.code = member.member_code
where member.status <> 'secretariat'
order by incidents desc, member.member_code

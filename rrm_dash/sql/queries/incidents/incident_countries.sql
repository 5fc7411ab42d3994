-- The countries one visible incident targets, originates from or is amplified in, with names.
-- Parameters: $incident_id (text).
select
    link.country_code,
    coalesce(member.name_en, country.name_en, link.country_code) as name_en,
    coalesce(member.name_fr, country.name_fr, link.country_code) as name_fr,
    link.role,
    role.label_en as role_en,
    role.label_fr as role_fr
from scoped_incident_country() as link
left join member on member.member_code = link.country_code
left join country on country.country_code = link.country_code
left join vocabulary as role on role.vocabulary = 'country_role' and role.code = link.role
where link.incident_id = $incident_id
order by role.rank, name_en

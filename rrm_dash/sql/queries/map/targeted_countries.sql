-- How many visible, filtered incidents target each country or grouping (EU, NATO)?
-- No parameters: reads filtered_incident(). One row per targeted code, busiest first, with its
-- names, its representative point where the warehouse has one, and whether the filter bar can
-- narrow to it (members and observers only).
with targeted as (
    select country_code, count(*) as incidents
    from (select unnest(targeted_members) as country_code from filtered_incident())
    group by country_code
)
select
    targeted.country_code,
    coalesce(member.name_en, country.name_en, targeted.country_code) as name_en,
    coalesce(member.name_fr, country.name_fr, targeted.country_code) as name_fr,
    country.latitude,
    country.longitude,
    coalesce(member.status in ('member', 'observer'), false) as filterable,
    targeted.incidents
from targeted
left join country on country.country_code = targeted.country_code
left join member on member.member_code = targeted.country_code
order by targeted.incidents desc, targeted.country_code

-- English names of the members (kind 'member') and countries (kind 'country') that the STIX
-- export turns into identity and location objects. Reference data: no marking.
select 'member' as kind, member_code as code, name_en from member
union all
select 'country' as kind, country_code as code, name_en from country
order by kind, code

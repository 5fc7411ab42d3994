-- Names of the codes a briefing writes out: members and observers (EU, NATO, and CU for the
-- Coordination Unit, never Cuba), other countries, and G7 headings, in English and French.
-- No parameters.
select member_code as code, name_en, name_fr from member
union all
select country_code as code, name_en, name_fr from country
where country_code not in (select member_code from member)
union all
select code, label_en as name_en, label_fr as name_fr from vocabulary
where vocabulary = 'heading'

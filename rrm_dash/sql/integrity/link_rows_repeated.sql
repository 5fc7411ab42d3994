-- Incident link rows repeated on the columns that identify them: the link tables have no key
-- index (a bulk import could not afford its upkeep), so the writer keeps them unique and this
-- rule refuses any snapshot where they are not. Rows sharing a hash of those columns are
-- found first (cheap), then compared exactly, so a hash collision is never reported.
select 'incident_country' as link_table, incident_id, country_code || ' ' || role as link
from incident_country
where hash(incident_id, country_code, role) in (select hash(incident_id, country_code, role) from incident_country group by 1 having count(*) > 1)
group by incident_id, country_code, role having count(*) > 1
union all
select 'incident_target', incident_id, target_category || ' ' || gender || ' ' || vulnerable_group
from incident_target
where hash(incident_id, target_category, gender, vulnerable_group) in (select hash(incident_id, target_category, gender, vulnerable_group) from incident_target group by 1 having count(*) > 1)
group by incident_id, target_category, gender, vulnerable_group having count(*) > 1
union all
select 'incident_technique', incident_id, disarm_id
from incident_technique
where hash(incident_id, disarm_id) in (select hash(incident_id, disarm_id) from incident_technique group by 1 having count(*) > 1)
group by incident_id, disarm_id having count(*) > 1
union all
select 'incident_actor', incident_id, actor_id
from incident_actor
where hash(incident_id, actor_id) in (select hash(incident_id, actor_id) from incident_actor group by 1 having count(*) > 1)
group by incident_id, actor_id having count(*) > 1
union all
select 'incident_platform', incident_id, platform
from incident_platform
where hash(incident_id, platform) in (select hash(incident_id, platform) from incident_platform group by 1 having count(*) > 1)
group by incident_id, platform having count(*) > 1
union all
select 'incident_narrative', incident_id, narrative_id
from incident_narrative
where hash(incident_id, narrative_id) in (select hash(incident_id, narrative_id) from incident_narrative group by 1 having count(*) > 1)
group by incident_id, narrative_id having count(*) > 1
union all
select 'incident_source', incident_id, url
from incident_source
where hash(incident_id, url) in (select hash(incident_id, url) from incident_source group by 1 having count(*) > 1)
group by incident_id, url having count(*) > 1

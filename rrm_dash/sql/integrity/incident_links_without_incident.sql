-- Link rows whose incident does not exist.
select 'incident_' || link as link_table, incident_id
from (
    select 'country' as link, incident_id from incident_country
    union all select 'target', incident_id from incident_target
    union all select 'technique', incident_id from incident_technique
    union all select 'actor', incident_id from incident_actor
    union all select 'platform', incident_id from incident_platform
    union all select 'narrative', incident_id from incident_narrative
    union all select 'source', incident_id from incident_source
    union all select 'response', incident_id from response_incident
)
where incident_id not in (select incident_id from incident)

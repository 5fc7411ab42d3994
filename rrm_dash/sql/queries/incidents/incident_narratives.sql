-- The visible narratives one visible incident pushed. Parameters: $incident_id (text).
select
    narrative.narrative_id,
    narrative.name,
    narrative.summary,
    narrative.first_seen
from scoped_incident_narrative() as link
join scoped_narrative() as narrative on narrative.narrative_id = link.narrative_id
where link.incident_id = $incident_id
order by narrative.name

-- The actors linked to the filter bar's incidents, where the viewer may see both the incident and
-- the actor: every column of the actor (the originator null where the Chatham House Rule hides
-- it), sorted by actor_id.
select actor.*
from scoped_actor() as actor
where actor.actor_id in (
    select link.actor_id from scoped_incident_actor() as link
    where link.incident_id in (select incident_id from filtered_incident())
)
order by actor.actor_id

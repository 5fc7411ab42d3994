-- Actors the viewer may see that are linked to at least one incident the viewer may see,
-- most active first.
select actor.actor_id as code, actor.name as label_en, actor.name as label_fr, count(*) as incidents
from scoped_actor() as actor
join scoped_incident_actor() as link using (actor_id)
group by actor.actor_id, actor.name
order by incidents desc, actor.name

-- Actors the viewer may see that are linked to at least one incident the viewer may see,
-- most active first.
with linked as (
    select actor_id, count(*) as incidents
    from (select unnest(actor_ids) as actor_id from scoped_incident_facet())
    group by actor_id
)
select actor.actor_id as code, actor.name as label_en, actor.name as label_fr, linked.incidents
from scoped_actor() as actor
join linked using (actor_id)
order by linked.incidents desc, actor.name

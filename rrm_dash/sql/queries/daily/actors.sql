-- The filtered incidents per day of detection and linked actor the viewer may see, over their
-- whole history (the filter bar's period must be cleared).
select day, actor_id, count(*) as incidents
from (select detected_at::date as day, unnest(actor_ids) as actor_id from filtered_incident())
where actor_id in (select actor_id from scoped_actor())
group by all

-- The actors (visible to the viewer) most often linked to the filtered incidents (the election's
-- window and country), by number of incidents. Parameters: $limit (integer).
select
    actor.actor_id,
    actor.name,
    actor.actor_kind,
    kind.label_en as actor_kind_en,
    kind.label_fr as actor_kind_fr,
    count(*) as incidents
from (select unnest(actor_ids) as actor_id from filtered_incident()) as link
join scoped_actor() as actor on actor.actor_id = link.actor_id
left join vocabulary as kind on kind.vocabulary = 'actor_kind' and kind.code = actor.actor_kind
group by actor.actor_id, actor.name, actor.actor_kind, kind.label_en, kind.label_fr
order by incidents desc, actor.name
limit $limit

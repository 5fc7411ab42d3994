-- Every actor the viewer may see, with its kind in English and French.
select actor.actor_id, actor.name, kind.label_en as kind_en, kind.label_fr as kind_fr
from scoped_actor() as actor
left join vocabulary as kind on kind.vocabulary = 'actor_kind' and kind.code = actor.actor_kind
order by actor.actor_id

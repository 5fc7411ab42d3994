-- The visible actors behind or amplifying one visible incident, with kind and sponsor state.
-- Parameters: $incident_id (text).
select
    actor.actor_id,
    actor.name,
    link.role,
    kind.label_en as kind_en,
    kind.label_fr as kind_fr,
    coalesce(sponsor_member.name_en, sponsor.name_en, actor.sponsor_state) as sponsor_en,
    coalesce(sponsor_member.name_fr, sponsor.name_fr, actor.sponsor_state) as sponsor_fr
from scoped_incident_actor() as link
join scoped_actor() as actor on actor.actor_id = link.actor_id
left join vocabulary as kind on kind.vocabulary = 'actor_kind' and kind.code = actor.actor_kind
left join member as sponsor_member on sponsor_member.member_code = actor.sponsor_state
left join country as sponsor on sponsor.country_code = actor.sponsor_state
where link.incident_id = $incident_id
order by link.role desc, actor.name

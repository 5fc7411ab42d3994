-- The actors behind the most incidents of the filtered set, with the members and observers
-- they targeted (names in English and French).
-- Parameters: $limit (integer).
with seen as (
    select link.actor_id, link.incident_id
    from scoped_incident_actor() as link
    where link.incident_id in (select incident_id from filtered_incident())
),
targets as (
    select
        seen.actor_id,
        string_agg(distinct member.name_en, ', ' order by member.name_en) as members_en,
        string_agg(distinct member.name_fr, ', ' order by member.name_fr) as members_fr
    from seen
    join scoped_incident_country() as target on target.incident_id = seen.incident_id
    join member on member.member_code = target.country_code
    where target.role = 'targeted'
    group by seen.actor_id
)
select
    actor.actor_id,
    actor.name,
    kind.label_en as kind_en,
    kind.label_fr as kind_fr,
    count(*) as incidents,
    targets.members_en,
    targets.members_fr
from seen
join scoped_actor() as actor using (actor_id)
left join vocabulary as kind on kind.vocabulary = 'actor_kind' and kind.code = actor.actor_kind
left join targets using (actor_id)
group by actor.actor_id, actor.name, kind.label_en, kind.label_fr, targets.members_en, targets.members_fr
order by incidents desc, actor.name
limit $limit::integer

-- The actors behind the most incidents of the filtered set, with the members and observers
-- they targeted (names in English and French).
-- Parameters: $limit (integer).
with seen as materialized (
    select unnest(actor_ids) as actor_id, targeted_members
    from filtered_incident()
),
top as (
    select actor.actor_id, actor.name, actor.actor_kind, count(*) as incidents
    from seen
    join scoped_actor() as actor using (actor_id)
    group by actor.actor_id, actor.name, actor.actor_kind
    order by incidents desc, actor.name
    limit $limit::integer
),
-- the members each top actor targeted (named once each)
targets as (
    select
        actor_id,
        string_agg(name_en, ', ' order by name_en) as members_en,
        string_agg(name_fr, ', ' order by name_fr) as members_fr
    from (
        select distinct targeted.actor_id, member.name_en, member.name_fr
        from (
            select actor_id, unnest(targeted_members) as code
            from seen
            where actor_id in (select actor_id from top)
        ) as targeted
        join member on member.member_code = targeted.code
    )
    group by actor_id
)
select
    top.actor_id,
    top.name,
    kind.label_en as kind_en,
    kind.label_fr as kind_fr,
    top.incidents,
    targets.members_en,
    targets.members_fr
from top
left join vocabulary as kind on kind.vocabulary = 'actor_kind' and kind.code = top.actor_kind
left join targets using (actor_id)
order by top.incidents desc, top.name

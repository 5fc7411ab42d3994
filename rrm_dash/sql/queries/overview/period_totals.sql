-- Key figures of the filtered set: incidents, members and observers targeted, actors seen,
-- and incidents targeting women or vulnerable groups. Two passes over the filtered set: one
-- counting incidents, one over its targeted codes and actors (unnested side by side).
with incidents as (
    select targeted_members, actor_ids, gender_dimension, targets_women, targets_vulnerable
    from filtered_incident()
),
totals as (
    select
        count(*) as incidents,
        count(*) filter (
            where gender_dimension <> 'none' or targets_women or targets_vulnerable
        ) as gender_or_vulnerable
    from incidents
),
linked as (
    select
        count(distinct code) filter (
            where code in (select member_code from member)
        ) as members_targeted,
        count(distinct actor_id) filter (
            where actor_id in (select actor_id from scoped_actor())
        ) as actors_seen
    from (select unnest(targeted_members) as code, unnest(actor_ids) as actor_id from incidents)
)
select totals.incidents, linked.members_targeted, linked.actors_seen, totals.gender_or_vulnerable
from totals, linked

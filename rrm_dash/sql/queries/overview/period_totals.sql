-- Key figures of the filtered set: incidents, members and observers targeted, actors seen,
-- and incidents targeting women or vulnerable groups. The targeted codes and the actors are
-- unnested each on their own (unnesting both side by side costs a third more).
with incidents as (
    select targeted_members, actor_ids, gender_dimension, targets_women, targets_vulnerable
    from filtered_incident()
)
select
    count(*) as incidents,
    (
        select count(distinct code)
        from (select unnest(targeted_members) as code from incidents)
        where code in (select member_code from member)
    ) as members_targeted,
    (
        select count(distinct actor_id)
        from (select unnest(actor_ids) as actor_id from incidents)
        where actor_id in (select actor_id from scoped_actor())
    ) as actors_seen,
    count(*) filter (
        where gender_dimension <> 'none' or targets_women or targets_vulnerable
    ) as gender_or_vulnerable
from incidents
